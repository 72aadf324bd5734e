"""Forms of the maintainer's partnerships and staff pages (English, like every staff page)."""

from __future__ import annotations

import re

from babel import localedata
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import EmailField, RadioField, SelectChoice, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..accounts import email_taken
from ..extensions import db
from ..i18n import SUPPORTED_LOCALES, native_name
from ..models import ADMIN, MAINTAINER, Tenant
from ..tenancy import RESERVED_SLUGS, all_tenants

SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def language_choices() -> list[SelectChoice]:
    return [SelectChoice(code, f"{native_name(code)} ({code})") for code in SUPPORTED_LOCALES]


class PartnershipForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired("Enter the partnership's name"), Length(max=120)])
    slug = StringField("Web address name", validators=[DataRequired("Enter the web address name"), Length(min=2, max=40)])
    languages = CheckboxesField("Languages offered", choices=language_choices(), default=["en"])
    default_language = SelectField("Default language", choices=language_choices(), default="en")

    def validate_slug(self, field) -> None:
        slug = field.data = (field.data or "").strip()
        if not SLUG_PATTERN.fullmatch(slug):
            raise ValidationError("Use lowercase letters a to z, digits and single hyphens, such as north-tyneside")
        if slug in RESERVED_SLUGS:
            raise ValidationError(f"“{slug}” is one of the platform's own addresses: choose another")
        if slug in SUPPORTED_LOCALES or localedata.exists(slug.replace("-", "_")):
            raise ValidationError(f"“{slug}” is a language code: choose another")
        with all_tenants():
            if db.session.scalar(select(Tenant.id).where(Tenant.slug == slug)) is not None:
                raise ValidationError(f"A partnership already has the address “{slug}”")

    def validate_languages(self, field) -> None:
        if "en" not in (field.data or []):
            raise ValidationError("Include English: every text is written in English first")

    def validate_default_language(self, field) -> None:
        if field.data not in (self.languages.data or []):
            raise ValidationError("Choose one of the languages offered")


def partnership_choices() -> list[SelectChoice]:
    """Every partnership (the maintainer's choice of them crosses tenants); disabled ones say so."""
    with all_tenants():
        rows = db.session.execute(select(Tenant.id, Tenant.name, Tenant.is_active).order_by(Tenant.name))
        return [SelectChoice(str(tid), name if active else f"{name} (disabled)") for tid, name, active in rows]


class MembershipsForm(FlaskForm):
    """An admin's partnerships: at least one, or the account could sign in to nothing."""

    partnerships = CheckboxesField("Partnerships")
    no_partnership_message = "Choose at least one partnership, or disable the account instead"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnerships.choices = partnership_choices()

    def needs_partnerships(self) -> bool:
        return True

    def validate_partnerships(self, field) -> None:
        if self.needs_partnerships() and not field.data:
            raise ValidationError(self.no_partnership_message)


class InviteForm(MembershipsForm):
    email = EmailField(
        "Email address",
        validators=[DataRequired("Enter their email address"),
                    Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message="Enter an email address like name@example.org"),
                    Length(max=254)],
    )
    role = RadioField(
        "Role",
        choices=[SelectChoice(ADMIN, "Partnership admin: runs the sites of the partnerships chosen below"),
                 SelectChoice(MAINTAINER, "National maintainer: the national catalogue, partnerships and staff")],
        default=ADMIN,
    )

    def validate_email(self, field) -> None:
        if email_taken(field.data):
            raise ValidationError("This email address already has an account")

    no_partnership_message = "Choose at least one partnership for a partnership admin"

    def needs_partnerships(self) -> bool:
        return self.role.data == ADMIN
