"""The forms both staff workspaces use for categories, entries and a partnership's notes on national
entries. Staff pages are English-only, so nothing here is marked for translation."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask_wtf import FlaskForm
from wtforms import (
    IntegerField,
    SelectChoice,
    SearchField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp, ValidationError

from ..formatting import KIND_LABELS, display_phone, normalise_phone
from ..models import EntryKind
from ..staff import VersionedForm

TEXT_LIMIT = 4000
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _empty_to_none(value):
    return value or None


def limit(label: str, maximum: int) -> Length:
    return Length(max=maximum, message=f"{label} must be {maximum} characters or fewer")


def web_address(form, field) -> None:
    """Only http and https: a resident's browser must open it, and javascript: or data: must never pass."""
    if not field.data:
        return
    parts = urlsplit(field.data)
    if parts.scheme not in ("http", "https") or "." not in (parts.hostname or "") or " " in field.data:
        raise ValidationError("Enter a web address starting with https:// or http://, like https://www.example.org/")


def uk_phone(form, field) -> None:
    """Kept in E.164 form (+441384241511), or a short number's digits (116123), as the pages expect."""
    if not field.data:
        return
    try:
        field.data = normalise_phone(field.data)
    except ValueError:
        raise ValidationError("Enter a UK phone number, like 0300 123 4567, 0800 1111 or 116 123") from None


class ContentForm(VersionedForm):
    """Easy read and the two submits every content form has."""

    easy_read = TextAreaField(
        "Easy read version (optional)",
        description="Shown in easy read mode. Short sentences and everyday words, one idea per paragraph. "
                    "Each idea gets a picture; to choose it, start the paragraph with its name in braces, "
                    "like {phone} or {police}.",
        filters=[_strip, _empty_to_none],
        validators=[Optional(), limit("Easy read version", TEXT_LIMIT)],
    )
    save = SubmitField("Save")
    check = SubmitField("Check readability")

    @property
    def checking(self) -> bool:
        """The writer asked for the readability measure only: nothing is saved."""
        return bool(self.check.data)


class CategoryForm(ContentForm):
    name = StringField(
        "Name", filters=[_strip], validators=[DataRequired("Enter a name"), limit("Name", 120)]
    )
    slug = StringField(
        "Web address name",
        filters=[_strip],
        validators=[
            DataRequired("Enter a web address name"),
            limit("Web address name", 60),
            Regexp(SLUG, message="Use only lower-case letters, digits and single hyphens, like online-bullying"),
        ],
    )
    description = TextAreaField(
        "Description", filters=[_strip], validators=[Optional(), limit("Description", TEXT_LIMIT)]
    )
    icon = StringField(
        "Icon name",
        default="info",
        filters=[_strip],
        validators=[
            DataRequired("Enter an icon name"),
            limit("Icon name", 40),
            Regexp(SLUG, message="Use only lower-case letters, digits and hyphens, like report"),
        ],
    )
    position = IntegerField(
        "Position in lists", default=0,
        validators=[Optional(), NumberRange(0, 9999, "Enter a whole number from 0 to 9999")],
    )

    def __init__(self, *args, taken_slugs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._taken_slugs = set(taken_slugs)

    def validate_slug(self, field) -> None:
        if field.data in self._taken_slugs:
            raise ValidationError("Another category already uses this web address name (one of yours, a national "
                                  "one or a partnership's): choose another")


class EntryForm(ContentForm):
    category_id = SelectField("Category", validate_choice=False)
    kind = SelectField("Kind", choices=[SelectChoice(k.value, str(label)) for k, label in KIND_LABELS.items()],
                       validate_choice=False)
    title = StringField("Title", filters=[_strip], validators=[DataRequired("Enter a title"), limit("Title", 200)])
    summary = TextAreaField(
        "Summary", filters=[_strip],
        validators=[DataRequired("Enter a summary"), limit("Summary", TEXT_LIMIT)],
    )
    url = StringField("Web address", filters=[_strip, _empty_to_none],
                      validators=[Optional(), limit("Web address", 500), web_address])
    phone = StringField("Phone number", filters=[_strip, _empty_to_none], validators=[Optional(), uk_phone])
    text_number = StringField("Text number", filters=[_strip, _empty_to_none], validators=[Optional(), uk_phone])
    email = StringField(
        "Email address", filters=[_strip, _empty_to_none],
        validators=[Optional(), limit("Email address", 254),
                    Regexp(EMAIL, message="Enter an email address, like help@example.org")],
    )
    chat_url = StringField("Online chat address", filters=[_strip, _empty_to_none],
                           validators=[Optional(), limit("Online chat address", 500), web_address])
    opening_hours = StringField("Opening hours", filters=[_strip, _empty_to_none],
                                validators=[Optional(), limit("Opening hours", 200)])
    position = IntegerField(
        "Position in lists", default=0,
        validators=[Optional(), NumberRange(0, 9999, "Enter a whole number from 0 to 9999")],
    )

    def __init__(self, *args, categories=(), **kwargs):
        """``categories``: a SelectChoice for every category this workspace may file an entry under."""
        super().__init__(*args, **kwargs)
        self.categories = list(categories)
        self.category_id.choices = [SelectChoice("", "Choose a category"), *self.categories]
        if not self.is_submitted() or kwargs.get("formdata", True) is None:
            # Filled from the stored entry (not from what was typed): show it as staff would type it.
            self.phone.data = self.phone.data and display_phone(self.phone.data)
            self.text_number.data = self.text_number.data and display_phone(self.text_number.data)
            self.category_id.data = str(self.category_id.data or "")

    def validate_category_id(self, field) -> None:
        if field.data not in {choice.value for choice in self.categories}:
            raise ValidationError("Choose a category from the list")

    def validate_kind(self, field) -> None:
        if field.data not in {k.value for k in EntryKind}:
            raise ValidationError("Choose what kind of resource this is")

    def validate(self, extra_validators=None) -> bool:
        # Checks across fields, each shown beside the field to fill in. Not inline validators: the
        # fields are optional on their own, and Optional() stops their validation when they are empty.
        valid = super().validate(extra_validators)
        reachable = (self.url, self.phone, self.text_number, self.email, self.chat_url)
        if self.kind.data == EntryKind.HELPLINE and not (self.phone.data or self.text_number.data):
            valid = self._refuse(self.phone, "A helpline needs a phone number or a text number")
        elif not any(f.data or f.errors for f in reachable):
            valid = self._refuse(self.url, "Give at least one way to reach it: a web address, phone, text, email or chat")
        return valid

    @staticmethod
    def _refuse(field, message: str) -> bool:
        if not field.errors:
            field.errors.append(message)
        return False


class NoteForm(VersionedForm):
    """A partnership's own note on a national entry, shown under it on the partnership's pages."""

    note = TextAreaField(
        "Local note", filters=[_strip, _empty_to_none],
        validators=[Optional(), limit("Local note", TEXT_LIMIT)],
    )
    save = SubmitField("Save note")


class FilterForm(FlaskForm):
    """The search-and-filter form above a list (GET, so no CSRF token)."""

    class Meta:
        csrf = False

    q = SearchField("Title contains", filters=[_strip], validators=[Optional(), Length(max=200)])
    category = SelectField("Category", validate_choice=False)
    show = SelectField("Show", validate_choice=False)

    @property
    def shown(self) -> str:
        """The label of what the list shows, for its heading."""
        return next(choice.label for choice in self.show.choices if choice.value == self.show.data)

