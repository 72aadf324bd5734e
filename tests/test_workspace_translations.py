"""The translation editor and the translation status page (issue #4, staff side), through the pages."""

from __future__ import annotations

import re

import pytest

from partnership_hub.models import DRAFT, AuditEvent, Translation

from . import factories
from .workspace import admin_client, fetch, html, maintainer_client, submit, world  # noqa: F401


@pytest.fixture
def content(world):
    """What alpha's residents read: 13 texts (2 each, but the contact line's 1), and things they do not."""
    topic = factories.CategoryFactory(name="Staying safe")  # name, description
    national = factories.EntryFactory(category=topic, title="National helpline")  # title, summary
    local = factories.EntryFactory(category=topic, tenant=world.alpha, title="Alpha parents' course")
    bulletin = factories.BulletinFactory(tenant=world.alpha, title="Alpha briefing")  # title, summary
    factories.BulletinSectionFactory(bulletin=bulletin, heading="Point one")  # heading, body
    factories.ContactLineFactory(tenant=world.alpha, label="Alpha line")  # label
    factories.SnippetFactory(key="emergency")  # title, body
    # Not read by alpha's residents: hidden, draft, another partnership's.
    hidden = factories.EntryFactory(category=topic, title="Hidden by Alpha")
    factories.EntryOverrideFactory(tenant=world.alpha, entry=hidden, hidden=True)
    factories.EntryFactory(category=topic, tenant=world.alpha, title="Alpha draft", status=DRAFT)
    factories.EntryFactory(category=topic, tenant=world.beta, title="Beta course")
    return {"topic": topic, "national": national, "local": local, "bulletin": bulletin}


def status_row(page: str, language: str) -> tuple[int, int, int]:
    """(translated, total, percent) from a status page's row for one language."""
    row = re.search(rf">{language}</a></th>\s*<td>(\d+) of (\d+)</td>\s*<td>\d+</td>\s*<td>(\d+)%</td>", page)
    assert row, f"no row for {language}"
    return tuple(int(x) for x in row.groups())


def test_the_editor_stores_and_removes_translations_residents_then_see(admin_client, client, world, content, data):
    local = content["local"]
    editor = f"/admin/alpha/translate/entry/{local.id}/pl"
    page = html(admin_client.get(editor))
    assert "English: Alpha parents&#39; course" in page
    assert re.search(r'<input[^>]*id="title"[^>]*lang="pl"[^>]*dir="ltr"|<input[^>]*dir="ltr"[^>]*lang="pl"', page)

    response = submit(admin_client, editor, "title", title="Kurs dla rodziców", summary="Krótki opis.")
    assert response.status_code == 302
    assert {(t.field, t.text, t.tenant_id) for t in fetch(data, Translation, owner_id=local.id)} == {
        ("title", "Kurs dla rodziców", world.alpha.id), ("summary", "Krótki opis.", world.alpha.id)}
    assert "Kurs dla rodziców" in html(client.get(f"/alpha/pl/entries/{local.id}"))
    assert [e.action for e in fetch(data, AuditEvent, object_type="translation")] == ["create", "create"]

    submit(admin_client, editor, "title", title="")  # an empty box removes the translation
    resident = html(client.get(f"/alpha/pl/entries/{local.id}"))
    assert "Kurs dla rodziców" not in resident and '<span lang="en" dir="ltr">Alpha parents&#39; course</span>' in resident
    assert [t.field for t in fetch(data, Translation, owner_id=local.id)] == ["summary"]


def test_right_to_left_languages_get_dir_rtl(admin_client, content):
    page = html(admin_client.get(f"/admin/alpha/translate/entry/{content['local'].id}/ur"))
    assert 'lang="ur"' in page and 'dir="rtl"' in page


def test_an_admin_translates_only_their_own_content(admin_client, content):
    assert admin_client.get(f"/admin/alpha/translate/entry/{content['national'].id}/pl").status_code == 404
    assert admin_client.get(f"/admin/alpha/translate/entry/{content['local'].id}/en").status_code == 404
    assert admin_client.get(f"/admin/alpha/translate/nonsense/{content['local'].id}/pl").status_code == 404
    # The type must match the id: an entry's id under another kind is nothing.
    assert admin_client.get(f"/admin/alpha/translate/category/{content['local'].id}/pl").status_code == 404


def test_edit_pages_link_to_the_editor_in_each_language_offered(admin_client, content):
    bulletin = content["bulletin"]
    page = html(admin_client.get(f"/admin/alpha/bulletins/{bulletin.id}"))
    for code in ("pl", "ur"):
        assert f'href="/admin/alpha/translate/bulletin/{bulletin.id}/{code}"' in page
    assert f"/translate/bulletin/{bulletin.id}/cy" not in page


def test_the_status_page_counts_what_residents_read(admin_client, maintainer_client, world, content, data):
    page = html(admin_client.get("/admin/alpha/translations/"))
    assert status_row(page, "Polish") == (0, 13, 0) and status_row(page, "Urdu") == (0, 13, 0)
    assert "Welsh" not in page

    factories.TranslationFactory(owner=content["topic"], field="name", locale="pl", text="Bezpieczeństwo")
    submit(admin_client, f"/admin/alpha/translate/entry/{content['local'].id}/pl", "title", title="Kurs",
           summary="Opis")
    page = html(admin_client.get("/admin/alpha/translations/?locale=pl"))
    assert status_row(page, "Polish") == (3, 13, 23) and status_row(page, "Urdu") == (0, 13, 0)
    missing = page[page.index('id="missing"'):]
    assert "Alpha parents" not in missing  # fully translated now
    assert f'href="/admin/alpha/translate/bulletin/{content["bulletin"].id}/pl">Alpha briefing</a>' in missing
    assert "National helpline <span class=\"hint\">(national)</span>" in missing  # no link: the maintainer's
    assert "Hidden by Alpha" not in missing and "Alpha draft" not in missing and "Beta course" not in missing

    submit(admin_client, f"/admin/alpha/translate/entry/{content['local'].id}/pl", "title", title="")
    assert status_row(html(admin_client.get("/admin/alpha/translations/")), "Polish") == (2, 13, 15)

    # Nationally: the catalogue only (the entry alpha hides is still national content), in every language.
    national = html(maintainer_client.get("/national/translations/?locale=pl"))
    assert status_row(national, "Polish") == (1, 8, 12) and status_row(national, "Welsh") == (0, 8, 0)
    assert f'href="/national/translate/entry/{content["national"].id}/pl">National helpline</a>' in national


def test_the_maintainer_translates_national_content_every_partnership_shows(maintainer_client, client, content, data):
    topic = content["topic"]
    editor = f"/national/translate/category/{topic.id}/pl"
    assert submit(maintainer_client, editor, "name", name="Bezpieczeństwo w sieci").status_code == 302
    assert "Bezpieczeństwo w sieci" in html(client.get(f"/alpha/pl/topics/{topic.slug}"))
    (translation,) = fetch(data, Translation, owner_id=topic.id)
    assert translation.tenant_id is None
