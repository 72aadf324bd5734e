"""Forms of the shared workspace pages and of a partnership's settings. Staff pages are English-only."""

from __future__ import annotations

import math
import re

from wtforms import DateField, SelectChoice, SelectField, SelectMultipleField, StringField, TextAreaField, ValidationError
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..formatting import contrast_ratio, normalise_phone
from ..i18n import SUPPORTED_LOCALES
from ..models import SOURCE_LOCALE
from ..staff import VersionedForm
from . import language_name

#: WCAG 2.2 AA for normal-size text (1.4.3): the header's white text on the brand colour.
MIN_CONTRAST = 4.5
MARKDOWN_HINT = "Markdown: a blank line between paragraphs, **bold**, - for a list, [text](https://link)."
EASY_READ_HINT = "Short sentences and everyday words, for readers who find the standard text hard."


def _optional_text(max_length: int | None = None) -> list:
    return [Optional()] + ([Length(max=max_length, message=f"Keep it to {max_length} characters or fewer")]
                           if max_length else [])


def _required(what: str, max_length: int) -> list:
    return [DataRequired(f"Enter {what}"), Length(max=max_length, message=f"Keep it to {max_length} characters or fewer")]


class BulletinForm(VersionedForm):
    title = StringField("Title", validators=_required("a title", 200))
    issued_on = DateField("Date issued", validators=[Optional()], description="For example 2024-05-01.")
    summary = TextAreaField("Summary", validators=_optional_text(5000), description=MARKDOWN_HINT)
    easy_read = TextAreaField("Easy read summary", validators=_optional_text(5000), description=EASY_READ_HINT)
    contact = TextAreaField("Who to contact", validators=_optional_text(5000),
                            description="Shown after the last section. " + MARKDOWN_HINT)

    def validate_issued_on(self, field):
        if field.raw_data and field.raw_data[0] and field.data is None:
            raise ValidationError("Enter the date as year-month-day, for example 2024-05-01")


class SectionForm(VersionedForm):
    heading = StringField("Title", validators=_required("a title", 200))
    body = TextAreaField("Text", validators=_required("the text", 20000), description=MARKDOWN_HINT)
    easy_read = TextAreaField("Easy read text", validators=_optional_text(20000), description=EASY_READ_HINT)


class SnippetForm(VersionedForm):
    title = StringField("Heading", validators=_required("a heading", 200))
    body = TextAreaField("Text", validators=_required("the text", 5000), description=MARKDOWN_HINT)
    easy_read = TextAreaField("Easy read text", validators=_optional_text(5000), description=EASY_READ_HINT)


class ContactLineForm(VersionedForm):
    label = StringField("Name of the line", validators=_required("the name of the line", 120))
    phone = StringField("UK phone number", validators=[DataRequired("Enter a phone number")],
                        render_kw={"autocomplete": "off", "inputmode": "tel"})
    hours = StringField("Opening hours", validators=_optional_text(200))

    def validate_phone(self, field):
        try:
            field.data = normalise_phone(field.data)
        except ValueError:
            raise ValidationError("Enter a UK phone number, like 01384 241511 or 0300 555 0050") from None


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _language_choices(codes) -> list[SelectChoice]:
    return [SelectChoice(code, f"{language_name(code)} ({code})") for code in codes]


class SettingsForm(VersionedForm):
    name = StringField("Display name", validators=_required("the partnership's name", 120))
    logo_text = StringField("Logo text", validators=_required("the logo text", 60))
    brand_colour = StringField("Branding colour", validators=[DataRequired("Enter a colour, like #1d4f91")],
                               render_kw={"autocomplete": "off", "spellcheck": "false"})
    languages = MultiCheckboxField(
        "Languages offered besides English",
        choices=_language_choices(c for c in SUPPORTED_LOCALES if c != SOURCE_LOCALE),
        validators=[Optional()],
    )
    default_language = SelectField("Default language", choices=_language_choices(SUPPORTED_LOCALES))

    def validate_brand_colour(self, field):
        value = (field.data or "").strip().lower()
        if not re.fullmatch(r"#[0-9a-f]{6}", value):
            raise ValidationError("Enter the colour as # and six hexadecimal digits, like #1d4f91")
        ratio = contrast_ratio(value, "#ffffff")
        if ratio < MIN_CONTRAST:
            shown = math.floor(ratio * 10) / 10  # rounded down, so that 4.48 never reads as the 4.5 it misses
            raise ValidationError(
                f"White text on {value} has a contrast of {shown} to 1, below the {MIN_CONTRAST} to 1 "
                "that people with low vision need: choose a darker colour"
            )
        field.data = value

    def validate_default_language(self, field):
        if field.data != SOURCE_LOCALE and field.data not in (self.languages.data or []):
            raise ValidationError("Offer the default language too, or choose another default")

    def offered_languages(self) -> list[str]:
        chosen = set(self.languages.data or [])
        return [code for code in SUPPORTED_LOCALES if code == SOURCE_LOCALE or code in chosen]
