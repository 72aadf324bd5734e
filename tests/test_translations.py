"""The shipped catalogs: complete for what the code says today, nothing fuzzy or empty, placeholders
intact; and pages really come out in the reader's language and direction."""

from __future__ import annotations

import gettext
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.pofile import read_po

from partnership_hub.config import ROOT
from partnership_hub.i18n import SUPPORTED_LOCALES

from .factories import TenantFactory

TRANSLATIONS = ROOT / "translations"
LOCALES = [code for code in SUPPORTED_LOCALES if code != "en"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def catalog(code: str):
    with open(TRANSLATIONS / code / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale=code)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> set:
    """The msgids the code and templates contain now, whatever the committed .pot says."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    # The same command the README gives, so the test checks what a developer would extract.
    subprocess.run(
        [str(Path(sys.executable).parent / "pybabel"), "extract", "-F", "babel.cfg", "-k", "_l",
         "-k", "lazy_gettext", "-o", str(pot), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    with open(pot, "rb") as f:
        return {message.id for message in read_po(f) if message.id}


def test_extraction_finds_python_and_template_strings(extracted):
    assert "App guide" in extracted  # _l in formatting.py
    assert "Skip to main content" in extracted  # _ in a template
    assert ("%(num)d resource", "%(num)d resources") in extracted  # ngettext in a template


@pytest.mark.parametrize("code", LOCALES)
def test_catalog_has_every_extracted_message(extracted, code):
    shipped = {message.id for message in catalog(code) if message.id}
    missing = extracted - shipped
    assert not missing, f"{code}: run pybabel extract/update and translate {sorted(map(str, missing))}"


@pytest.mark.parametrize("code", LOCALES)
def test_catalog_entries_are_finished(code):
    cat = catalog(code)
    assert not cat.fuzzy, f"{code}: the header is fuzzy, so pybabel compile would skip the whole catalog"
    for message in cat:
        if not message.id:
            continue
        assert not message.fuzzy, f"{code}: fuzzy {message.id!r}"
        strings = message.string if message.pluralizable else (message.string,)
        if message.pluralizable:
            assert len(strings) == cat.num_plurals, f"{code}: {message.id!r} needs {cat.num_plurals} forms"
        assert all(s.strip() for s in strings), f"{code}: empty translation of {message.id!r}"


@pytest.mark.parametrize("code", LOCALES)
def test_placeholders_match(code):
    for message in catalog(code):
        if not message.id:
            continue
        ids = message.id if message.pluralizable else (message.id,)
        strings = message.string if message.pluralizable else (message.string,)
        # Every form uses the plural msgid's placeholders (the singular may legitimately omit %(num)d in
        # English, but ours never do).
        expected = sorted(PLACEHOLDER.findall(ids[-1]))
        for text in strings:
            assert sorted(PLACEHOLDER.findall(text)) == expected, f"{code}: {message.id!r} -> {text!r}"


#: gettext's usual order of the plural forms, by CLDR category.
CLDR_ORDER = ("zero", "one", "two", "few", "many", "other")


@pytest.mark.parametrize("code", LOCALES)
def test_plural_forms_follow_the_languages_rules(code):
    """The catalog's Plural-Forms picks, for every count, the form written for that count's CLDR plural
    category: one form per category and, where there is a form for each, in gettext's usual order.
    (Arabic once sent 11 to 99 to the form for 100 to 102, and Bengali and Punjabi 0 to the plural.)"""
    cat = catalog(code)
    choose = gettext.c2py(cat.plural_expr)
    category_of = Locale.parse(code).plural_form
    forms: dict[str, set[int]] = {}
    for n in range(1001):
        forms.setdefault(category_of(n), set()).add(choose(n))
    assert all(len(chosen) == 1 for chosen in forms.values()), f"{code}: {forms}"
    categories = [tag for tag in CLDR_ORDER if tag in forms]
    if cat.num_plurals == len(categories):
        assert [min(forms[tag]) for tag in categories] == list(range(cat.num_plurals)), f"{code}: {forms}"


@pytest.fixture
def partnership(data):
    return TenantFactory(slug="alpha", name="Alpha Partnership", languages=["en", "pl", "ur"])


def test_polish_page_shows_polish_interface(client, partnership):
    html = client.get("/alpha/pl/").get_data(as_text=True)
    assert '<html lang="pl" dir="ltr">' in html
    assert "Przejdź do głównej treści" in html and "Skip to main content" not in html


def test_urdu_page_is_right_to_left(client, partnership):
    html = client.get("/alpha/ur/").get_data(as_text=True)
    assert '<html lang="ur" dir="rtl">' in html
    assert "مرکزی مواد پر جائیں" in html


@pytest.fixture
def seeded(runner, data):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output


def test_demo_category_page_in_polish(client, seeded):
    html = client.get("/dudley/pl/topics/reporting").get_data(as_text=True)
    assert "<h1>Zgłoś problem</h1>" in html
    assert "Martwisz się o dziecko" in html  # Dudley's contact line, translated
    # Dudley's own West Midlands Police entry has no Polish text yet: English, marked as such.
    assert '<span lang="en" dir="ltr">West Midlands Police</span>' in html


def test_demo_content_translated_in_every_language(client, seeded):
    # One seeded database for all the languages: seeding is the slow part.
    for code in LOCALES:
        html = client.get(f"/dudley/{code}/").get_data(as_text=True)
        for english in ("Staying safe online in Dudley", "Worried about a child", "Report something"):
            assert english not in html, (code, english)


DEMO = ROOT / "partnership_hub" / "demo"
REQUIRED_DEMO_TEXT = {
    ("national", "snippet", "emergency"): {"title", "body", "easy_read"},
    ("dudley", "snippet", "welcome"): {"title", "body", "easy_read"},
    ("dudley", "contact_line", "children"): {"label"},
    ("dudley", "contact_line", "adults"): {"label"},
}


def _demo_source() -> dict:
    """(scope, kind, key) -> the English fields of every demo item the translation files may name."""
    items = {}
    for name in ("national.toml", "dudley.toml", "brierley-vale.toml"):
        with open(DEMO / name, "rb") as f:
            data = tomllib.load(f)
        scope = data["tenant"]["slug"] if "tenant" in data else "national"
        for kind, plural, id_field in (("category", "categories", "slug"), ("entry", "entries", "key"),
                                       ("snippet", "snippets", "key"), ("contact_line", "contact_lines", "key")):
            for item in data.get(plural, []):
                items[(scope, kind, item[id_field])] = item
    return items | _finder_source()


def _finder_source() -> dict:
    """The same for the help finder's items (finder.toml), keyed as the loader finds them."""
    with open(DEMO / "finder.toml", "rb") as f:
        data = tomllib.load(f)
    items = {}
    for scope, rows in data.items():
        for item in rows.get("questions", []):
            items[(scope, "finder_question", item["key"])] = item
        routes = list(rows.get("routes", []))
        for item in rows.get("situations", []):
            items[(scope, "finder_situation", item["slug"])] = item
            routes += [dict(route, situation=item["slug"]) for route in item.get("routes", [])]
        for route in routes:
            items[(scope, "finder_route", f"{route['situation']}:{route['entry']}")] = route
        for note in rows.get("notes", []):
            items[(scope, "finder_note", note["situation"])] = note
    return items


@pytest.mark.parametrize("code", LOCALES)
def test_demo_translation_file_is_complete_and_names_real_items(code):
    with open(DEMO / "translations" / f"{code}.toml", "rb") as f:
        data = tomllib.load(f)
    source = _demo_source()
    given = {(scope, kind, key): fields for scope, kinds in data.items() for kind, keys in kinds.items()
             for key, fields in keys.items()}
    # The loader skips a key it cannot find, so a typo would silently lose a translation.
    assert not set(given) - set(source), f"{code}: unknown items {sorted(set(given) - set(source))}"
    required = dict(REQUIRED_DEMO_TEXT)
    for (scope, kind, key), item in source.items():
        if scope == "national" and kind == "category":
            required[(scope, kind, key)] = {"name", "description", "easy_read"}
        if scope == "national" and kind in ("finder_question", "finder_situation"):
            required[(scope, kind, key)] = set(item) & {"question", "label", "hint", "easy_read"}
    for item, fields in required.items():
        assert fields <= set(given.get(item, {})), f"{code}: {item} lacks {fields - set(given.get(item, {}))}"
    for item, fields in given.items():
        for field, text in fields.items():
            english = source[item][field]
            assert text.strip() and text.strip() != english.strip(), f"{code}: {item}.{field} is not translated"
            # The emergency number must survive translation wherever the English gives it.
            assert english.count("999") <= text.count("999"), f"{code}: {item}.{field} lost a 999"
