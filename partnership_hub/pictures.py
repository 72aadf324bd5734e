"""Easy-read pictures: a simple, consistent picture beside each idea, as UK easy-read practice asks.

Each idea is one paragraph of an easy-read text. Its picture is the one the writer named at the start
of the paragraph (``{phone} Call us.``), else the first picture whose keywords the paragraph uses, else
a plain "information" picture. A translation keeps the pictures of the English paragraphs it
translates, as long as it has as many paragraphs, so that every language shows the same pictures.

The pictures are Lucide icons (the ``lucide`` package, ISC licence), served once as an SVG sprite
(``/pictures.svg``) that every page refers to, so a page carries a few bytes per picture.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from xml.etree import ElementTree

import lucide
from flask_babel import lazy_gettext as _l
from flask import Flask
from markupsafe import Markup

from .formatting import rich_text


@dataclass(frozen=True)
class Picture:
    name: str
    icon: str  # the Lucide icon's name
    meaning: str  # the text alternative: what the picture means, not what it shows
    keywords: tuple[str, ...] = ()


#: In order of precedence: a paragraph about danger and the police gets the danger picture.
PICTURES = (
    Picture("danger", "siren", _l("Danger or emergency"), ("danger", "emergency", "unsafe")),
    Picture("report", "flag", _l("Report it"), ("report",)),
    Picture("police", "shield", _l("Police"), ("police", "crime", "criminal")),
    Picture("phone", "phone", _l("Phone"), ("call", "phone", "ring", "helpline")),
    Picture("text", "message-square-text", _l("Text message"), ("text", "sms")),
    Picture("chat", "message-circle", _l("Talk to someone"), ("chat", "talk", "speak", "tell")),
    Picture("email", "mail", _l("Email"), ("email",)),
    Picture("money", "banknote", _l("Money"), ("money", "scam", "fraud", "pay", "bank")),
    Picture("pictures", "image", _l("Pictures or videos"), ("photo", "picture", "image", "nude", "video")),
    Picture("hate", "ban", _l("Hate"), ("hate",)),
    Picture("private", "lock", _l("Keep it private"), ("private", "privacy", "password", "secret")),
    Picture("stop", "hand", _l("Stop"), ("stop", "block", "don't", "do not")),
    Picture("learn", "graduation-cap", _l("Learning"), ("learn", "course", "training", "lesson", "school")),
    Picture("read", "file-text", _l("Something to read"), ("guide", "leaflet", "read", "document")),
    Picture("game", "gamepad-2", _l("Games"), ("game", "gaming")),
    Picture("app", "smartphone", _l("App"), ("app", "apps", "mobile")),
    Picture("people", "users", _l("People"), ("social", "friend", "people", "family", "parent", "carer")),
    Picture("time", "clock", _l("When"), ("open", "hours", "day", "time", "today", "now")),
    Picture("help", "life-buoy", _l("Help"), ("help", "support", "advice")),
    Picture("website", "globe", _l("Website"), ("website", "online", "internet", "web")),
    Picture("idea", "lightbulb", _l("Remember"), ("remember", "think", "tip")),
    Picture("info", "info", _l("Information")),
)
BY_NAME = {picture.name: picture for picture in PICTURES}
DEFAULT = BY_NAME["info"]
_MARKER = re.compile(r"^\{([a-z]+)\}\s*")
_WORD_PATTERNS = [
    (picture, re.compile(r"(?<![\w'])(?:" + "|".join(re.escape(k) for k in picture.keywords) + r")", re.I))
    for picture in PICTURES
    if picture.keywords
]


def paragraphs(text: str | None) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]


def _named(paragraph: str) -> tuple[Picture | None, str]:
    """The picture named by a leading ``{name}`` marker, and the paragraph without it."""
    match = _MARKER.match(paragraph)
    if match and match.group(1) in BY_NAME:
        return BY_NAME[match.group(1)], paragraph[match.end():]
    return None, paragraph


def choose(paragraph: str) -> Picture:
    named, text = _named(paragraph)
    if named:
        return named
    return next((picture for picture, words in _WORD_PATTERNS if words.search(text)), DEFAULT)


def ideas(text: str | None, source: str | None = None) -> list[tuple[Picture, Markup]]:
    """Each paragraph of an easy-read text with its picture; ``source`` is the English it translates."""
    parts = paragraphs(text)
    originals = paragraphs(source)
    follow_source = bool(source) and source != text and len(originals) == len(parts)
    result = []
    for index, paragraph in enumerate(parts):
        named, paragraph = _named(paragraph)
        picture = named or (choose(originals[index]) if follow_source else choose(paragraph))
        result.append((picture, rich_text(paragraph)))
    return result


# Lucide draws with strokes; a <use> copy inherits from the page, not from the sprite's root element,
# so each symbol carries the drawing style itself.
_STROKE = 'fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"'


@lru_cache(maxsize=1)
def sprite() -> str:
    """Every picture as an SVG <symbol>, drawn with the icon's own paths."""
    symbols = []
    for picture in PICTURES:
        svg = ElementTree.fromstring(lucide._render_icon(picture.icon, None))
        body = re.sub(r">\s+<", "><", "".join(ElementTree.tostring(child, encoding="unicode") for child in svg))
        symbols.append(f'<symbol id="{picture.name}" viewBox="0 0 24 24" {_STROKE}>{body}</symbol>')
    return '<svg xmlns="http://www.w3.org/2000/svg">' + "".join(symbols) + "</svg>"


def init_app(app: Flask) -> None:
    app.jinja_env.filters["ideas"] = ideas
