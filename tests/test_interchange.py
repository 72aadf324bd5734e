"""Export and import: what goes out comes back the same into an empty database, a second import
updates instead of duplicating, and a file that is refused changes nothing."""

from __future__ import annotations

import copy
import datetime
import json

import pytest
import sqlalchemy as sa

from partnership_hub.extensions import db
from partnership_hub.models import DRAFT, EntryKind

from .conftest import empty_tables
from .factories import (
    BulletinFactory,
    BulletinSectionFactory,
    CategoryFactory,
    ContactLineFactory,
    EntryFactory,
    EntryOverrideFactory,
    SnippetFactory,
    TenantFactory,
    TranslationFactory,
)

CONTENT_TABLES = ("category", "entry", "entry_override", "bulletin", "bulletin_section", "snippet", "contact_line",
                  "translation")
# Bookkeeping, not content: set afresh by the database that receives the rows.
BOOKKEEPING = {"created_at", "updated_at", "version"}


def canonical(engine) -> dict:
    """Every content row, read past the ORM and its scoping, with partnerships named by slug."""
    tables = db.metadata.tables
    with engine.connect() as conn:
        slugs = {row.id: row.slug for row in conn.execute(sa.select(tables["tenant"].c.id, tables["tenant"].c.slug))}
        tenant_cols = ("slug", "name", "logo_text", "brand_colour", "languages", "default_language", "is_active")
        dump = {"tenant": sorted(
            json.dumps([row[c] for c in tenant_cols]) for row in conn.execute(sa.select(tables["tenant"])).mappings())}
        for name in CONTENT_TABLES:
            skip = BOOKKEEPING | ({"id", "updated_at"} if name == "translation" else set())
            rows = []
            for row in conn.execute(sa.select(tables[name])).mappings():
                values = {k: v for k, v in row.items() if k not in skip}
                values["tenant_id"] = slugs.get(values["tenant_id"])
                rows.append(json.dumps(values, default=str, sort_keys=True))
            dump[name] = sorted(rows)
    return dump


def _translate(owner, **fields):
    for field, text in fields.items():
        for locale in ("pl", "ar"):
            TranslationFactory(owner=owner, field=field, locale=locale, text=f"{text} [{locale}]")


@pytest.fixture
def content(data):
    """A national catalogue and two partnerships with everything a file carries."""
    alpha = TenantFactory(slug="alpha", name="Alpha", languages=["en", "pl", "ar"], brand_colour="#225522")
    beta = TenantFactory(slug="beta", name="Beta")
    topic = CategoryFactory(slug="reporting", name="Report something", easy_read="Tell someone.")
    _translate(topic, name="Zgłoś", easy_read="Powiedz")
    ceop = EntryFactory(category=topic, kind=EntryKind.REPORTING, title="CEOP", email="a@ceop.example",
                        easy_read="Tell CEOP.", chat_url="https://chat.example/")
    _translate(ceop, title="CEOP", summary="Zgłoś", easy_read="Powiedz CEOP")
    childline = EntryFactory(category=topic, helpline=True, title="Childline", text_number="+447700900123")
    _translate(childline, opening_hours="Codziennie")
    EntryFactory(category=topic, title="A national draft", status=DRAFT)
    EntryFactory(category=topic, title="Deleted", deleted_at=datetime.datetime(2024, 3, 1, 12, 30,
                                                                               tzinfo=datetime.timezone.utc))
    _translate(SnippetFactory(easy_read="Call 999."), title="Niebezpieczeństwo", body="Dzwoń 999")
    national_bulletin = BulletinFactory(title="National news", contact="Email us.")
    BulletinSectionFactory(bulletin=national_bulletin)
    for tenant in (alpha, beta):
        local_topic = CategoryFactory(tenant=tenant, slug="local", name=f"{tenant.name} help")
        local = EntryFactory(tenant=tenant, category=local_topic, title=f"{tenant.name} line", phone="+441384241511",
                             text_number="85258", opening_hours="Weekdays")  # a short number too
        _translate(local, title="Linia", opening_hours="Dni robocze")
        EntryFactory(tenant=tenant, category=topic, title=f"{tenant.name} in a national topic")
        override = EntryOverrideFactory(tenant=tenant, entry=ceop, pinned=True, note="Call us first.")
        _translate(override, note="Najpierw do nas")
        EntryOverrideFactory(tenant=tenant, entry=childline, hidden=True)
        _translate(ContactLineFactory(tenant=tenant, hours="9 to 5"), label="Linia", hours="9-17")
        _translate(SnippetFactory(tenant=tenant, key="welcome", title="Welcome", easy_read="Hello."), body="Witamy")
        bulletin = BulletinFactory(tenant=tenant, title="Safer Seven", easy_read="Seven tips.", status=DRAFT)
        _translate(bulletin, title="Bezpieczna siódemka")
        for _ in range(2):
            _translate(BulletinSectionFactory(bulletin=bulletin, easy_read="Easy."), heading="Część", body="Treść")
    return alpha, beta


def run(runner, *args):
    result = runner.invoke(args=[str(a) for a in args])
    return result.exit_code, result.output


def export_all(runner, tmp_path) -> dict:
    files = {"catalogue": tmp_path / "catalogue.json", "alpha": tmp_path / "alpha.json", "beta": tmp_path / "beta.json"}
    assert run(runner, "export-catalogue", files["catalogue"])[0] == 0
    for slug in ("alpha", "beta"):
        assert run(runner, "export-tenant", slug, files[slug])[0] == 0
    return files


def test_export_then_import_into_an_empty_database_gives_the_same_content(runner, engine, content, tmp_path):
    before = canonical(engine)
    files = export_all(runner, tmp_path)
    empty_tables(engine)
    assert all(not rows for rows in canonical(engine).values())

    code, output = run(runner, "import-catalogue", files["catalogue"])
    assert code == 0, output
    assert "4 entries added" in output
    for slug in ("alpha", "beta"):
        code, output = run(runner, "import-tenant", slug, files[slug])
        assert code == 0, output
    assert canonical(engine) == before


def test_the_national_catalogue_alone_round_trips(runner, engine, content, tmp_path):
    files = export_all(runner, tmp_path)
    national = {name: [r for r in rows if '"tenant_id": null' in r] for name, rows in canonical(engine).items()
                if name != "tenant"}
    empty_tables(engine)
    assert run(runner, "import-catalogue", files["catalogue"])[0] == 0
    after = canonical(engine)
    assert after.pop("tenant") == []
    assert after == national


def test_a_file_holds_every_language_and_easy_read(runner, content, tmp_path):
    files = export_all(runner, tmp_path)
    alpha = json.loads(files["alpha"].read_text(encoding="utf-8"))
    assert alpha["tenant"]["languages"] == ["en", "pl", "ar"]
    line = next(e for e in alpha["entries"] if e["title"] == "Alpha line")
    assert line["translations"]["ar"] == {"title": "Linia [ar]", "opening_hours": "Dni robocze [ar]"}
    assert [b["easy_read"] for b in alpha["bulletins"]] == ["Seven tips."]
    assert "Beta" not in files["alpha"].read_text(encoding="utf-8")
    catalogue = json.loads(files["catalogue"].read_text(encoding="utf-8"))
    assert "overrides" not in catalogue and "contact_lines" not in catalogue
    assert {e["title"] for e in catalogue["entries"]} == {"CEOP", "Childline", "A national draft", "Deleted"}


def test_importing_again_updates_instead_of_duplicating(runner, engine, content, tmp_path):
    files = export_all(runner, tmp_path)
    before = canonical(engine)
    for args in (("import-catalogue", files["catalogue"]), ("import-tenant", "alpha", files["alpha"])):
        code, output = run(runner, *args)
        assert (code, "nothing changed") == (0, output.split(": ", 1)[1].strip(" .\n")), output
    assert canonical(engine) == before

    document = json.loads(files["alpha"].read_text(encoding="utf-8"))
    line = next(e for e in document["entries"] if e["title"] == "Alpha line")
    line["title"] = "Alpha helpline"
    del line["translations"]["ar"]
    files["alpha"].write_text(json.dumps(document), encoding="utf-8")
    code, output = run(runner, "import-tenant", "alpha", files["alpha"])
    assert code == 0, output
    assert "1 entries updated" in output and "2 translations removed" in output
    after = canonical(engine)
    assert len(after["entry"]) == len(before["entry"])
    assert sum('"Alpha helpline"' in row for row in after["entry"]) == 1
    assert len(after["translation"]) == len(before["translation"]) - 2


def _mutations():
    """Ways to spoil a tenant file (each after a valid change that must not land either)."""
    def entry(doc):
        return next(e for e in doc["entries"] if e["title"] == "Alpha line")

    def setter(path, value):
        def change(doc):
            target = entry(doc)
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = value
        return change

    return {
        "not an object": lambda doc: doc["entries"].append("x"),
        "entries not a list": lambda doc: doc.update(entries={}),
        "missing field": lambda doc: entry(doc).pop("kind"),
        "unknown field": setter(["colour"], "red"),
        "bad id": setter(["id"], "not-a-uuid"),
        "bad kind": setter(["kind"], "podcast"),
        "too long": setter(["title"], "x" * 201),
        "wrong type": setter(["position"], "1"),
        "bool for int": setter(["position"], True),
        "huge int": setter(["position"], 2**40),
        "empty title": setter(["title"], None),
        "bad status": setter(["status"], "live"),
        "bad phone": setter(["phone"], "not a phone"),
        "bad date": setter(["deleted_at"], "yesterday"),
        "source language as translation": setter(["translations", "en"], {"title": "x"}),
        "unknown language": setter(["translations", "xx"], {"title": "x"}),
        "untranslated field": setter(["translations", "pl", "url"], "x"),
        "empty translation": setter(["translations", "pl", "title"], " "),
        "duplicate id": lambda doc: doc["entries"].append(copy.deepcopy(entry(doc))),
        "unknown category": setter(["category_id"], "00000000-0000-0000-0000-000000000001"),
        "override of a local entry": lambda doc: doc["overrides"][0].update(entry_id=entry(doc)["id"]),
        "unknown section": lambda doc: doc.update(staff=[]),
        "wrong version": lambda doc: doc.update(version=2),
        "wrong format": lambda doc: doc.update(format="hsds"),
        "catalogue file": lambda doc: doc.update(scope="catalogue"),
        "duplicate slug": lambda doc: doc["categories"].append({**copy.deepcopy(doc["categories"][0]),
                                                                "id": "00000000-0000-0000-0000-000000000002"}),
    }


MUTATIONS = _mutations()


@pytest.mark.parametrize("name", MUTATIONS)
def test_a_malformed_file_is_refused_and_changes_nothing(runner, engine, content, tmp_path, name):
    files = export_all(runner, tmp_path)
    document = json.loads(files["alpha"].read_text(encoding="utf-8"))
    document["categories"][0]["name"] = "A change that must not land"
    MUTATIONS[name](document)
    files["alpha"].write_text(json.dumps(document), encoding="utf-8")
    before = canonical(engine)
    code, output = run(runner, "import-tenant", "alpha", files["alpha"])
    assert code == 1
    assert "Error: nothing imported: " in output and "Traceback" not in output
    assert canonical(engine) == before


@pytest.mark.parametrize("text", ["", "{", "[]", "\ufeff{}", "null"])
def test_a_file_that_is_not_an_export_is_refused(runner, engine, content, tmp_path, text):
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    before = canonical(engine)
    code, output = run(runner, "import-catalogue", path)
    assert code == 1 and "nothing imported" in output
    assert canonical(engine) == before


def test_a_file_that_is_not_utf8_is_refused(runner, content, tmp_path):
    path = tmp_path / "bad.json"
    path.write_bytes(b'{"format": "\xff"}')
    code, output = run(runner, "import-catalogue", path)
    assert code == 1 and "not JSON" in output


def test_one_partnerships_file_cannot_overwrite_another(runner, engine, content, tmp_path):
    files = export_all(runner, tmp_path)
    before = canonical(engine)
    code, output = run(runner, "import-tenant", "beta", files["alpha"])
    assert code == 1 and "ids already used by other content" in output
    assert canonical(engine) == before


def test_a_catalogue_whose_topic_slug_is_taken_is_refused(runner, engine, content, tmp_path):
    files = export_all(runner, tmp_path)
    document = json.loads(files["catalogue"].read_text(encoding="utf-8"))
    document["categories"][0]["id"] = "00000000-0000-0000-0000-000000000003"
    files["catalogue"].write_text(json.dumps(document), encoding="utf-8")
    before = canonical(engine)
    code, output = run(runner, "import-catalogue", files["catalogue"])
    assert code == 1 and "slug already used here" in output
    assert canonical(engine) == before


def test_a_new_partnership_needs_a_usable_slug_and_settings(runner, engine, content, tmp_path):
    files = export_all(runner, tmp_path)
    empty_tables(engine)
    assert run(runner, "import-catalogue", files["catalogue"])[0] == 0
    for slug in ("api", "Has Spaces"):
        code, output = run(runner, "import-tenant", slug, files["alpha"])
        assert code == 1 and "cannot be a partnership's slug" in output
    document = json.loads(files["alpha"].read_text(encoding="utf-8"))
    for colour in ("red", 5):
        document["tenant"]["brand_colour"] = colour
        files["alpha"].write_text(json.dumps(document), encoding="utf-8")
        code, output = run(runner, "import-tenant", "alpha", files["alpha"])
        assert code == 1 and "nothing imported: tenant:" in output
    document["tenant"]["brand_colour"] = "#123456"
    document["tenant"]["languages"] = ["en", "xx"]
    files["alpha"].write_text(json.dumps(document), encoding="utf-8")
    code, output = run(runner, "import-tenant", "alpha", files["alpha"])
    assert code == 1 and "languages must be a list of supported codes" in output
    assert canonical(engine)["tenant"] == []


def test_exporting_an_unknown_partnership_says_so(runner, data, tmp_path):
    code, output = run(runner, "export-tenant", "nowhere", tmp_path / "x.json")
    assert code == 1 and "no partnership 'nowhere'" in output
