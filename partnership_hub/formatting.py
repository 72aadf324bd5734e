"""Turning stored values into what a page shows: phone numbers and staff-written rich text."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

import markdown
import nh3
import phonenumbers
import segno
from flask import Flask
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from .i18n import native_name
from .models import EntryKind

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h3", "h4", "blockquote"}
ALLOWED_SCHEMES = {"http", "https", "mailto", "tel", "sms"}


def normalise_phone(raw: str) -> str:
    """A UK phone number in E.164 form; raises ValueError for anything else."""
    try:
        number = phonenumbers.parse(raw, "GB")
    except phonenumbers.NumberParseException as exc:
        raise ValueError(str(exc)) from exc
    if not phonenumbers.is_valid_number(number) or number.country_code != 44:
        raise ValueError(f"{raw!r} is not a UK phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    """How a UK resident writes the number: 0300 555 0050."""
    return phonenumbers.format_number(phonenumbers.parse(e164, "GB"), phonenumbers.PhoneNumberFormat.NATIONAL)


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


KIND_LABELS = {
    EntryKind.WEBSITE: _l("Website"),
    EntryKind.HELPLINE: _l("Helpline"),
    EntryKind.REPORTING: _l("Report it"),
    EntryKind.COURSE: _l("Course or e-learning"),
    EntryKind.DOCUMENT: _l("Guidance"),
    EntryKind.APP_GUIDE: _l("App guide"),
}


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(
        rich=rich_text, phone=display_phone, host=host_of, kind_label=KIND_LABELS.get, native_name=native_name
    )
