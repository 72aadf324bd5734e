"""Easy read: a picture beside each idea, with a text alternative in the resident's language, the same
pictures in every language, and one SVG sprite that holds every picture a page refers to."""

from __future__ import annotations

import re

import pytest

from .factories import CategoryFactory, EntryFactory, SnippetFactory, TenantFactory, TranslationFactory

EASY = "Are you in **danger** now? Call 999.\n\nYou can **report** it to CEOP.\n\n{idea} Keep the messages."
PICTURE = re.compile(r'<svg class="picture" role="img" aria-label="([^"]+)"[^>]*><use href="/pictures.svg#([a-z]+)">')


@pytest.fixture
def entry(data):
    TenantFactory(slug="alpha", languages=["en", "pl", "ur"])
    return EntryFactory(category=CategoryFactory(slug="reporting"), easy_read=EASY)


def pictures_on(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return PICTURE.findall(response.get_data(as_text=True))


def test_each_idea_has_a_picture_that_says_what_it_means(client, entry):
    html = client.get(f"/alpha/en/entries/{entry.id}?easy=1").get_data(as_text=True)
    assert PICTURE.findall(html) == [("Danger or emergency", "danger"), ("Report it", "report"), ("Remember", "idea")]
    assert "{idea}" not in html and "Keep the messages." in html


def test_standard_pages_have_no_pictures(client, entry):
    assert pictures_on(client, f"/alpha/en/entries/{entry.id}") == []


def test_a_translation_keeps_the_english_pictures_and_translates_their_meaning(client, entry):
    TranslationFactory(owner=entry, field="easy_read", locale="pl",
                       text="Czy grozi ci **niebezpieczeństwo**? Dzwoń 999.\n\nZgłoś to do CEOP.\n\nZachowaj wiadomości.")
    found = pictures_on(client, f"/alpha/pl/entries/{entry.id}?easy=1")
    assert [name for _, name in found] == ["danger", "report", "idea"]
    assert found[0][0] != "Danger or emergency"  # the meaning is in Polish


def test_english_fallback_text_keeps_its_pictures(client, entry):
    found = pictures_on(client, f"/alpha/ur/entries/{entry.id}?easy=1")
    assert [name for _, name in found] == ["danger", "report", "idea"]


def test_the_emergency_box_has_pictures_in_easy_read(client, entry):
    SnippetFactory(key="emergency", title="In danger?", body="Call 999.", easy_read="In **danger**? Call 999.")
    assert ("danger" in [name for _, name in pictures_on(client, "/alpha/en/?easy=1")])


def test_the_sprite_holds_every_picture_a_page_uses(client, entry):
    sprite = client.get("/pictures.svg")
    assert sprite.status_code == 200 and sprite.mimetype == "image/svg+xml"
    ids = set(re.findall(r'<symbol id="([a-z]+)"', sprite.get_data(as_text=True)))
    used = {name for _, name in pictures_on(client, f"/alpha/en/entries/{entry.id}?easy=1")}
    assert used and used <= ids
    assert not sprite.headers.getlist("Set-Cookie")
