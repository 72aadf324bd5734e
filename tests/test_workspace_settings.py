"""A partnership's settings through the admin pages: name, logo, colour (with its contrast check),
languages, contact lines and its own welcome and emergency texts; each change shows on residents'
pages at once, a rejected form changes nothing, a stale save is refused."""

from __future__ import annotations

from partnership_hub.models import AuditEvent, ContactLine, Snippet, Tenant
from partnership_hub.staff import STALE_MESSAGE

from . import factories
from .staff import form_values
from .workspace import admin_client, fetch, html, maintainer_client, submit, world  # noqa: F401

SETTINGS = "/admin/alpha/settings"


def test_name_logo_and_colour_show_on_residents_pages_at_once(admin_client, client, world, data):
    response = submit(admin_client, SETTINGS, "brand_colour", name="Alpha Safeguarding", logo_text="Alpha Safe",
                      brand_colour="#5A1E6E")
    assert response.status_code == 302
    page = html(client.get("/alpha/en/"))
    assert "Alpha Safe</a>" in page and "Alpha Safeguarding" in page
    assert "#5a1e6e" in html(client.get("/alpha/theme.css"))
    (event,) = [e for e in fetch(data, AuditEvent, object_id=world.alpha.id)]
    assert event.before["brand_colour"] == "#1d4f91" and event.after["brand_colour"] == "#5a1e6e"
    assert event.tenant_id == world.alpha.id and event.actor_email == world.admin.email


def test_a_colour_white_text_cannot_be_read_on_is_refused(admin_client, client, world, data):
    for colour, message in [("#ffdd00", "contrast of 1.3 to 1"), ("#777777", "contrast of 4.4 to 1, below the 4.5 to 1"),
                            ("blue", "six hexadecimal digits"), ("#12345", "six hexadecimal digits")]:
        response = submit(admin_client, SETTINGS, "brand_colour", brand_colour=colour, name="Changed")
        page = html(response)
        assert response.status_code == 400, colour
        assert 'id="brand_colour-error"' in page and message in page, colour
        assert f'value="{colour}"' in page  # what was typed is kept
    tenant = fetch(data, Tenant, slug="alpha")[0]
    assert (tenant.brand_colour, tenant.name) == ("#1d4f91", "Alpha Partnership")
    assert fetch(data, AuditEvent) == []


def test_languages_offered_and_default(admin_client, client, world, data):
    assert client.get("/alpha/ur/").status_code == 200
    # Urdu no longer offered, Welsh added and made the default.
    response = submit(admin_client, SETTINGS, "brand_colour", languages=["pl", "cy"], default_language="cy")
    assert response.status_code == 302
    assert fetch(data, Tenant, slug="alpha")[0].languages == ["en", "cy", "pl"]
    assert client.get("/alpha/cy/").status_code == 200
    gone = client.get("/alpha/ur/bulletins/")
    assert gone.status_code == 302 and gone.location.endswith("/alpha/cy/bulletins/")
    assert 'hreflang="ur"' not in html(client.get("/alpha/en/"))
    assert client.get("/alpha/", headers={"Accept-Language": "fr"}).location.endswith("/alpha/cy/")


def test_the_default_language_must_be_offered(admin_client, world, data):
    response = submit(admin_client, SETTINGS, "brand_colour", languages=["pl"], default_language="ur")
    assert response.status_code == 400
    assert "Offer the default language too" in html(response)
    assert fetch(data, Tenant, slug="alpha")[0].languages == ["en", "pl", "ur"]


def test_a_stale_settings_save_is_refused(admin_client, world, data):
    first = form_values(admin_client, SETTINGS, "brand_colour")
    second = dict(first)
    assert admin_client.post(SETTINGS, data=first | {"name": "First"}).status_code == 302
    response = admin_client.post(SETTINGS, data=second | {"name": "Second"})
    assert STALE_MESSAGE in html(response).replace("&#39;", "'")
    assert fetch(data, Tenant, slug="alpha")[0].name == "First"


def test_contact_lines_are_added_edited_reordered_and_removed(admin_client, client, world, data):
    for label, phone in [("Children's services", "01384 813013"), ("Adult safeguarding", "0300 555 0050")]:
        response = submit(admin_client, "/admin/alpha/settings/lines/new", "phone", label=label, phone=phone,
                          hours="Monday to Friday")
        assert response.status_code == 302
    lines = sorted(fetch(data, ContactLine), key=lambda x: x.position)
    assert [(x.label, x.phone, x.tenant_id) for x in lines] == [
        ("Children's services", "+441384813013", world.alpha.id), ("Adult safeguarding", "+443005550050", world.alpha.id)]
    page = html(client.get("/alpha/en/"))
    assert page.index("Children&#39;s services") < page.index("Adult safeguarding") and "01384 813013" in page
    assert "Adult safeguarding" not in html(client.get("/beta/en/"))

    token = form_values(admin_client, SETTINGS, "brand_colour")["csrf_token"]
    admin_client.post(f"/admin/alpha/settings/lines/{lines[1].id}/up", data={"csrf_token": token})
    page = html(client.get("/alpha/en/"))
    assert page.index("Adult safeguarding") < page.index("Children&#39;s services")

    submit(admin_client, f"/admin/alpha/settings/lines/{lines[0].id}", "phone", hours="24 hours")
    assert "24 hours" in html(client.get("/alpha/en/"))
    remove = f"/admin/alpha/settings/lines/{lines[0].id}/remove"
    assert "Yes, remove it" in html(admin_client.post(remove, data={"csrf_token": token}))
    assert "Children&#39;s services" in html(client.get("/alpha/en/"))
    admin_client.post(remove, data={"csrf_token": token, "confirm": "yes"})
    assert "Children&#39;s services" not in html(client.get("/alpha/en/"))
    assert sorted(e.action for e in fetch(data, AuditEvent, object_id=lines[0].id)) == ["create", "edit", "edit", "erase"]


def test_a_phone_number_that_is_not_uk_is_refused(admin_client, world, data):
    for phone in ("+33 1 23 45 67 89", "12345", "call us"):
        response = submit(admin_client, "/admin/alpha/settings/lines/new", "phone", label="Line", phone=phone)
        assert response.status_code == 400
        assert 'id="phone-error">Enter a UK phone number' in html(response)
    assert fetch(data, ContactLine) == []


def test_own_welcome_and_emergency_texts_replace_the_national_ones(admin_client, maintainer_client, client, world,
                                                                   data):
    factories.SnippetFactory(key="emergency", title="In danger now?", body="Call 999 now.")
    # The maintainer edits the national emergency box: every partnership shows it.
    response = submit(maintainer_client, "/national/texts/emergency", "body", body="Call 999 if you are in danger.")
    assert response.status_code == 302
    assert "Call 999 if you are in danger." in html(client.get("/alpha/en/"))

    form = form_values(admin_client, "/admin/alpha/texts/emergency", "body")
    assert form["body"] == "Call 999 if you are in danger."  # an own text starts from the national one
    submit(admin_client, "/admin/alpha/texts/emergency", "body", title="Alpha: in danger?", body="Call Alpha's line.")
    submit(admin_client, "/admin/alpha/texts/welcome", "body", title="Welcome to Alpha", body="Our local help.")
    alpha, beta = html(client.get("/alpha/en/")), html(client.get("/beta/en/"))
    assert "Alpha: in danger?" in alpha and "Welcome to Alpha" in alpha and "Call 999 if you are in danger." not in alpha
    assert "In danger now?" in beta and "Welcome to Alpha" not in beta
    assert {(s.key, s.tenant_id) for s in fetch(data, Snippet)} == {
        ("emergency", None), ("emergency", world.alpha.id), ("welcome", world.alpha.id)}

    token = form["csrf_token"]
    admin_client.post("/admin/alpha/texts/emergency/remove", data={"csrf_token": token, "confirm": "yes"})
    assert "Call 999 if you are in danger." in html(client.get("/alpha/en/"))
    assert admin_client.get("/admin/alpha/texts/nonsense").status_code == 404


def test_a_missing_heading_is_refused_and_nothing_saved(admin_client, world, data):
    response = submit(admin_client, "/admin/alpha/texts/welcome", "body", title="", body="Text")
    assert response.status_code == 400 and 'id="title-error">Enter a heading' in html(response)
    assert fetch(data, Snippet) == []
