"""The platform's languages, declared once, and how a request's language is chosen."""

from __future__ import annotations

from functools import cache

from babel import Locale, support
from flask import Flask, g, has_app_context, request
from flask_babel import get_translations
from werkzeug.routing import BaseConverter

#: Every language the platform ships, in the order the switcher lists them.
SUPPORTED_LOCALES = ("en", "cy", "pl", "ro", "pa", "ur", "bn", "ar", "uk")


@cache
def native_name(code: str) -> str:
    """The language's name in its own script ('Polski', 'اردو'), as a switcher should show it."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


@cache
def text_direction(code: str) -> str:
    return Locale.parse(code).text_direction


def negotiate(offered: list[str], default: str) -> str:
    """The best of a tenant's languages for this browser's Accept-Language, else the tenant default."""
    return request.accept_languages.best_match(offered, default=default) or default


#: Babel locales for formatting, where the bare language code would format for another country.
FORMAT_LOCALES = {"en": "en_GB"}


def locale_selector() -> str:
    lang = g.get("lang", "en")
    return FORMAT_LOCALES.get(lang, lang)


class LocaleConverter(BaseConverter):
    """Matches only the platform's language codes, so ``/dudley/xx/`` is simply not a page."""

    regex = "(?:" + "|".join(SUPPORTED_LOCALES) + ")"


def translations() -> support.NullTranslations:
    """This request's catalogue. Flask-Babel looks it up again on every call (the locale, its name as
    a key, a dict); a page of cards makes a hundred calls and more, so the first answer is kept on
    ``g``. That holds because nothing here changes language mid-request (no ``refresh`` or
    ``force_locale``): Flask-Babel itself keeps the request's locale once it has been asked."""
    if not has_app_context():
        return support.NullTranslations()
    found = g.get("_translations")
    if found is None:
        found = g._translations = get_translations()
    return found


def N_(text: str) -> str:
    """Marks a message for extraction (pybabel's default keywords) where it is translated later."""
    return text


def page_gettext(text: str) -> str:
    """gettext through this request's catalogue (:func:`translations`): for helpers called per card."""
    return translations().ugettext(text)


def install_template_gettext(app: Flask) -> None:
    """Templates translate through :func:`translations` (replacing Flask-Babel's callables)."""
    app.jinja_env.install_gettext_callables(
        gettext=page_gettext,
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
