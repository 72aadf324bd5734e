"""Turning stored values into what a page shows: phone numbers and staff-written rich text."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

import markdown
import nh3
import phonenumbers
from phonenumbers import shortnumberinfo
import segno
from flask import Flask
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from .i18n import N_, native_name, page_gettext
from .models import EntryKind

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h3", "h4", "blockquote"}
ALLOWED_SCHEMES = {"http", "https", "mailto", "tel", "sms"}


def normalise_phone(raw: str) -> str:
    """A UK phone number in E.164 form (+441384241511), or a UK short number as its digits (116123,
    85258, 101): many helplines have no longer number. Raises ValueError for anything else."""
    try:
        number = phonenumbers.parse(raw, "GB")
    except phonenumbers.NumberParseException as exc:
        raise ValueError(str(exc)) from exc
    if phonenumbers.is_valid_number(number) and number.country_code == 44:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    # A short number is dialled as it is, never after +44.
    if not raw.strip().startswith("+") and shortnumberinfo.is_valid_short_number_for_region(number, "GB"):
        return phonenumbers.national_significant_number(number)
    raise ValueError(f"{raw!r} is not a UK phone number")


def display_phone(stored: str) -> str:
    """How a UK resident writes the number: 0300 555 0050; short numbers as advertised: 116 123, 101."""
    if not stored.startswith("+"):
        return f"{stored[:3]} {stored[3:]}" if len(stored) == 6 else stored
    return phonenumbers.format_number(phonenumbers.parse(stored, "GB"), phonenumbers.PhoneNumberFormat.NATIONAL)


def sanitise(html: str) -> str:
    """HTML cut down to the allowlist: no script, handler, style, frame or javascript: link."""
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href"}}, url_schemes=ALLOWED_SCHEMES,
                     link_rel="noopener noreferrer")


def rich_text(source: str | None) -> Markup:
    """Staff-written Markdown as HTML that can carry no script, style or frame, and whose links leak nothing."""
    # The one Markup() on stored text; tests/test_hostile_input.py feeds it the known XSS vectors.
    return Markup(_render_markdown(source or ""))  # nosec B704: sanitised


# Keyed by the source text itself, so a memo can never be stale; it saves rendering and sanitising
# the same help box and descriptions on every page.
@lru_cache(maxsize=4096)
def _render_markdown(source: str) -> str:
    return sanitise(markdown.markdown(source, output_format="html"))


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2.2 relative luminance of a #rrggbb colour."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours, from 1 to 21."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def qr_code(data: str, title: str, **svg_options) -> Markup:
    """``data`` as a QR code: inline SVG drawn on the server (no third party sees it), titled for screen readers."""
    svg = segno.make(data, error="m").svg_inline(title=title, border=4, **svg_options)
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))  # nosec B704: segno draws it and escapes the title


def on_colour(hex_colour: str) -> str:
    """Black or white, whichever reads better on the colour (WCAG relative luminance)."""
    return "#ffffff" if contrast_ratio(hex_colour, "#ffffff") >= contrast_ratio(hex_colour, "#000000") else "#000000"


def host_of(url: str) -> str:
    return urlsplit(url).hostname or url


#: What each kind of entry is called on pages (translated where shown: see kind_label).
KIND_LABEL_TEXTS = {
    EntryKind.WEBSITE: N_("Website"),
    EntryKind.HELPLINE: N_("Helpline"),
    EntryKind.REPORTING: N_("Report it"),
    EntryKind.COURSE: N_("Course or e-learning"),
    EntryKind.DOCUMENT: N_("Guidance"),
    EntryKind.APP_GUIDE: N_("App guide"),
}
KIND_LABELS = {kind: _l(text) for kind, text in KIND_LABEL_TEXTS.items()}  # for forms built at import


def kind_label(kind: EntryKind) -> str:
    return page_gettext(KIND_LABEL_TEXTS[kind])


# Translated fields on resident pages. Python rather than Jinja macros: a page of cards calls them a
# hundred times, and a macro call costs several times a function's. English shown in place of a missing
# translation is marked with lang and dir, so that screen readers pronounce it as English and
# right-to-left pages do not garble it.
FALLBACK_NOTE = N_("This part is not yet translated, so it is shown in English.")


def translated_text(obj, field: str) -> Markup:
    """A translatable field as plain text."""
    value = obj.text(field)
    if value.fallback:
        return Markup('<span lang="en" dir="ltr">%s</span>') % value.text
    return escape(value.text)


def translated_rich_text(obj, field: str) -> Markup:
    """A translatable field of staff-written Markdown."""
    value = obj.text(field)
    if value.fallback:
        return Markup('<div class="rich" lang="en" dir="ltr">%s</div>\n    <p class="fallback-note">%s</p>') % (
            rich_text(value.text), page_gettext(FALLBACK_NOTE))
    return Markup('<div class="rich">%s</div>') % rich_text(value.text)


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(
        rich=rich_text, phone=display_phone, host=host_of, kind_label=kind_label, native_name=native_name
    )
    app.jinja_env.globals.update(t=translated_text, rich=translated_rich_text)
