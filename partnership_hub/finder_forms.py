"""Staff forms for the help finder, shared by the national and the partnership workspaces (English only,
like every staff page), and the steps both use. The scope of the request decides what they see: the
maintainer national rows only, a partnership admin its own rows and the national ones."""

from __future__ import annotations

import uuid

from flask import flash, redirect, url_for
from sqlalchemy import select
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, NumberRange, Optional, Regexp

from .content.forms import limit
from .extensions import db
from .models import Entry, FinderRoute, FinderSituation
from .models.finder import ADULT, EVERYONE, UNDER_18
from .staff import STALE_MESSAGE, VersionedForm, ask_first, commit_unless_stale

AUDIENCE_CHOICES = [SelectChoice(EVERYONE, "Everyone"),
                    SelectChoice(UNDER_18, "Only when the person affected is under 18"),
                    SelectChoice(ADULT, "Only when the person affected is 18 or over")]


def _as_uuid(value) -> uuid.UUID | None:
    # The stored value is a UUID already; a submitted one is text ("" for the placeholder; a bad one
    # raises ValueError, which WTForms reports as an invalid choice).
    if isinstance(value, uuid.UUID) or value is None:
        return value
    return uuid.UUID(value) if value else None


#: An empty position is the default, 0, as in the content forms; anything else a whole number in range.
POSITION = [Optional(), NumberRange(0, 10000, "Enter a whole number from 0 to 10000")]


def _zero_if_empty(value):
    return 0 if value is None else value


class QuestionForm(VersionedForm):
    question = StringField("Question", validators=[DataRequired("Enter the question"), limit("Question", 200)])
    hint = TextAreaField("Hint", validators=[Optional(), limit("Hint", 2000)])
    easy_read = TextAreaField("Easy read version", validators=[Optional(), limit("Easy read version", 2000)])


class SituationForm(VersionedForm):
    label = StringField("What happened, as a resident would say it",
                        validators=[DataRequired("Enter what happened"), limit("What happened", 200)])
    slug = StringField("Web address part", validators=[
        DataRequired("Enter the web address part"), limit("Web address part", 60),
        Regexp(r"^[a-z0-9]+(-[a-z0-9]+)*$", message="Use lower-case letters, digits and single hyphens only"),
    ])
    hint = TextAreaField("Hint", validators=[Optional(), limit("Hint", 2000)])
    easy_read = TextAreaField("Easy read version", validators=[Optional(), limit("Easy read version", 2000)])
    position = IntegerField("Position in the list", default=0, filters=[_zero_if_empty], validators=POSITION)
    published = BooleanField("Published (residents can choose it)", default=True)


class RouteForm(VersionedForm):
    entry_id = SelectField("Where to go (a directory entry)", coerce=_as_uuid,
                           validators=[DataRequired("Choose an entry")])
    audience = SelectField("Shown to", choices=AUDIENCE_CHOICES, default=EVERYONE)
    advice = TextAreaField("What to do there, for this situation", validators=[Optional(), limit("Advice", 2000)])
    easy_read = TextAreaField("Easy read version", validators=[Optional(), limit("Easy read version", 2000)])
    position = IntegerField("Position among the routes", default=0, filters=[_zero_if_empty], validators=POSITION)


class NoteForm(VersionedForm):
    body = TextAreaField("Your partnership's words on this situation",
                         validators=[Optional(), limit("Your words", 4000)])
    easy_read = TextAreaField("Easy read version", validators=[Optional(), limit("Easy read version", 2000)])


def entry_choices(entries) -> list[SelectChoice]:
    # A required select starts with an empty placeholder option (HTML requires it, and nothing is pre-chosen).
    return [SelectChoice("", "Choose an entry")] + [
        SelectChoice(str(e.id), e.title, optgroup="National entries" if e.is_national else "Your own entries")
        for e in entries
    ]


def save(form: VersionedForm, obj, fields: tuple[str, ...], **values) -> bool:
    """Copy the named fields (and any other ``values``) onto the object and commit; refuse a save made
    from a stale copy (the form then shows the newer version and says why). Fields are named so that
    ``version`` is never copied from the form."""
    if obj.id is not None and form.is_stale(obj):
        form.process(obj=obj)
        form.form_errors.append(STALE_MESSAGE)
        return False
    for name in fields:
        value = form[name].data
        setattr(obj, name, value.strip() if isinstance(value, str) else value)
    for name, value in values.items():
        setattr(obj, name, value)
    if commit_unless_stale():
        return True
    form.form_errors.append(STALE_MESSAGE)
    return False


ROUTE_FIELDS = ("entry_id", "audience", "advice", "easy_read", "position")


def situation_routes(situation: FinderSituation) -> list[tuple[FinderRoute, Entry]]:
    """The situation's routes in the scope, in the order residents see them."""
    return db.session.execute(
        select(FinderRoute, Entry).join(Entry, Entry.id == FinderRoute.entry_id)
        .where(FinderRoute.situation_id == situation.id)
        .order_by(FinderRoute.tenant_id.is_not(None), FinderRoute.position, Entry.title)
    ).all()


def submit_route(route: FinderRoute, entries) -> tuple[RouteForm, bool]:
    """The route form, saved when it was submitted and valid; ``entries`` are the ones it may point at."""
    form = RouteForm(obj=route)
    form.entry_id.choices = entry_choices(entries)
    if not form.validate_on_submit():
        return form, False
    if route.id is None:
        db.session.add(route)
    saved = save(form, route, ROUTE_FIELDS)
    if saved:
        flash("Route saved.", "success")
    return form, saved


def remove_route(route: FinderRoute):
    """Delete a route once asked (it cannot be undone), then back to its situation's page."""
    back = url_for(".finder_situation", situation_id=route.situation_id)
    entry = db.session.get(Entry, route.entry_id)
    asked = ask_first(f"Remove the route to {entry.title}?",
                      "Residents who describe this situation will no longer be sent there. This cannot be undone: "
                      "you would have to add the route again.", "Yes, remove it", back)
    if asked:
        return asked
    db.session.delete(route)
    db.session.commit()
    flash("Route removed.", "success")
    return redirect(back)
