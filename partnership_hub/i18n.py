"""The platform's languages, declared once, and how a request's language is chosen."""

from __future__ import annotations

from functools import cache

from babel import Locale
from flask import g, request
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
