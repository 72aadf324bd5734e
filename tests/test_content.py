"""Editing the directory through the staff workspaces (content/): every change goes through the pages,
as staff make it, and is checked on the residents' pages and in the audit history."""

from __future__ import annotations

import re
import uuid

import pytest
from sqlalchemy import select

from partnership_hub.models import AuditEvent, Category, Entry, EntryOverride
from partnership_hub.staff import STALE_MESSAGE

from . import factories
from .staff import PASSWORD, csrf_token, form_values, sign_in


@pytest.fixture
def alpha(data):
    return factories.TenantFactory(slug="alpha", name="Alpha Partnership")


@pytest.fixture
def beta(data):
    return factories.TenantFactory(slug="beta", name="Beta Partnership")


def admin_of(app, tenant, email=None):
    user = factories.UserFactory(email=email or f"admin@{tenant.slug}.test", password=PASSWORD)
    factories.MembershipFactory(user=user, tenant=tenant)
    client = app.test_client()
    sign_in(client, user.email)
    return client


@pytest.fixture
def admin(app, alpha):
    return admin_of(app, alpha)


@pytest.fixture
def maintainer(app, data):
    factories.UserFactory(email="maintainer@national.test", role="maintainer", password=PASSWORD)
    client = app.test_client()
    sign_in(client, "maintainer@national.test")
    return client


def submit(client, path, field="csrf_token", **changes):
    """Fill in the form on ``path`` as a browser would (what is on the page, then the changes) and send it."""
    values = form_values(client, path, field)
    values.update(changes)
    return client.post(path, data=values)


def press(client, path, workspace="/admin/alpha/"):
    """Press a one-button form (publish, delete, hide ...): a POST with the page's CSRF token."""
    return client.post(path, data={"csrf_token": csrf_token(client, workspace)})


def forget(data):
    """Make the factories' session read the database again: the app wrote to it since."""
    data.rollback()
    data.expire_all()


def fresh(data, model, object_id):
    forget(data)
    return data.get(model, object_id)


def audit_rows(data, object_id):
    forget(data)
    return data.scalars(select(AuditEvent).where(AuditEvent.object_id == object_id).order_by(AuditEvent.at)).all()


def page(client, path) -> str:
    response = client.get(path)
    return response.get_data(as_text=True) if response.status_code == 200 else ""


NEW_ENTRY = {
    "kind": "helpline",
    "title": "Alpha Safeguarding Line",
    "summary": "Talk to someone about a child at risk.",
    "phone": "01384 241511",
    "opening_hours": "Monday to Friday, 9am to 5pm",
}


def create_entry(client, category, workspace="/admin/alpha", **changes):
    response = submit(client, f"{workspace}/entries/new", "title", category_id=str(category.id),
                      **(NEW_ENTRY | changes))
    assert response.status_code == 302, response.get_data(as_text=True)
    return uuid.UUID(response.location.rstrip("/").rsplit("/", 1)[-1])


# --- Local entries: the whole life of one, through the web ------------------------------------------


def test_a_local_entry_from_draft_to_published_to_deleted_and_back(admin, alpha, beta, data):
    topic = factories.CategoryFactory(slug="help", name="Get help")
    entry_id = create_entry(admin, topic)
    entry = fresh(data, Entry, entry_id)
    assert (entry.tenant_id, entry.status, entry.phone, entry.kind.value) == (alpha.id, "draft", "+441384241511",
                                                                            "helpline")
    resident = f"/alpha/en/entries/{entry_id}"

    # A draft: in the staff list as a draft, nowhere for residents, visible in preview.
    assert re.search(r"Alpha Safeguarding Line</a></th>\s*<td>Helpline</td>\s*<td><span class=\"status status-draft\">Draft",
                     page(admin, "/admin/alpha/entries/"))
    assert admin.get(resident).status_code == 404
    assert "Alpha Safeguarding Line" not in page(admin, "/alpha/en/topics/help")
    assert "Alpha Safeguarding Line" not in page(admin, "/alpha/en/search?q=Safeguarding")
    preview = page(admin, f"/admin/alpha/entries/{entry_id}/preview")
    assert "Preview: not published." in preview and "<h1>Alpha Safeguarding Line</h1>" in preview
    assert "01384 241511" in preview
    anonymous = admin.application.test_client().get(f"/admin/alpha/entries/{entry_id}/preview")
    assert anonymous.status_code == 302 and anonymous.location.startswith("/auth/login")

    # Publish: residents see it at once (on its own page, its topic and search).
    assert press(admin, f"/admin/alpha/entries/{entry_id}/publish").status_code == 302
    assert admin.get(resident).status_code == 200
    assert "Alpha Safeguarding Line" in page(admin, "/alpha/en/topics/help")
    assert "Alpha Safeguarding Line" in page(admin, "/alpha/en/search?q=Safeguarding")
    assert "Alpha Safeguarding Line" not in page(admin, "/beta/en/topics/help")

    # Edit, then unpublish: gone at once.
    assert submit(admin, f"/admin/alpha/entries/{entry_id}/", "title", title="Alpha Children's Line").status_code == 302
    assert "Alpha Children&#39;s Line" in page(admin, resident)
    press(admin, f"/admin/alpha/entries/{entry_id}/unpublish")
    assert admin.get(resident).status_code == 404

    # Publish again, then delete softly: gone, and listed only among the deleted; restore brings it back.
    press(admin, f"/admin/alpha/entries/{entry_id}/publish")
    press(admin, f"/admin/alpha/entries/{entry_id}/delete")
    assert admin.get(resident).status_code == 404
    assert "Alpha Children&#39;s Line</a>" not in page(admin, "/admin/alpha/entries/")
    assert "Alpha Children&#39;s Line</a>" in page(admin, "/admin/alpha/entries/?show=deleted")
    assert fresh(data, Entry, entry_id).deleted_at is not None
    press(admin, f"/admin/alpha/entries/{entry_id}/restore")
    assert admin.get(resident).status_code == 200

    actions = [(e.action, e.tenant_id) for e in audit_rows(data, entry.id)]
    assert actions == [(a, alpha.id) for a in
                       ("create", "publish", "edit", "unpublish", "publish", "delete", "restore")]


def test_every_change_leaves_exactly_one_audit_row_with_before_and_after(admin, alpha, data):
    topic = factories.CategoryFactory()
    entry_id = create_entry(admin, topic)
    (created,) = audit_rows(data, fresh(data, Entry, entry_id).id)
    assert created.before is None and created.after["title"] == "Alpha Safeguarding Line"
    assert created.actor_email == "admin@alpha.test"

    steps = [
        (lambda: submit(admin, f"/admin/alpha/entries/{entry_id}/", "title", title="Renamed line"),
         "edit", {"title": "Alpha Safeguarding Line"}, {"title": "Renamed line"}),
        (lambda: press(admin, f"/admin/alpha/entries/{entry_id}/publish"), "publish", {"status": "draft"},
         {"status": "published"}),
        (lambda: press(admin, f"/admin/alpha/entries/{entry_id}/delete"), "delete", {"deleted_at": None}, None),
    ]
    for act, action, before, after in steps:
        count = len(audit_rows(data, created.object_id))
        assert act().status_code == 302
        rows = audit_rows(data, created.object_id)
        assert len(rows) == count + 1, action
        assert rows[-1].action == action
        assert before.items() <= rows[-1].before.items()
        assert (after or {}).items() <= rows[-1].after.items() and rows[-1].after
    national = factories.EntryFactory(category=topic)
    press(admin, f"/admin/alpha/national-entries/{national.id}/hide")
    forget(data)
    override = data.scalars(select(EntryOverride)).one()
    (hidden,) = audit_rows(data, override.id)
    assert (hidden.action, hidden.tenant_id, hidden.after["hidden"]) == ("create", alpha.id, True)
    press(admin, f"/admin/alpha/national-entries/{national.id}/pin")
    assert [e.action for e in audit_rows(data, override.id)] == ["create", "pin"]


def test_an_entry_saved_without_changes_records_nothing(admin, alpha, data):
    entry = factories.EntryFactory(tenant=alpha, category=factories.CategoryFactory(tenant=alpha))
    assert submit(admin, f"/admin/alpha/entries/{entry.id}/", "title").status_code == 302
    assert audit_rows(data, entry.id) == []


# --- Validation -----------------------------------------------------------------------------------


def test_a_helpline_with_a_short_number_is_kept_and_shown_as_advertised(admin, alpha, data, client):
    # Samaritans' 116 123, the police's 101 and Shout's text line 85258 have no longer number.
    topic = factories.CategoryFactory(slug="help", name="Get help")
    entry_id = create_entry(admin, topic, phone="116 123", text_number="85258")
    entry = fresh(data, Entry, entry_id)
    assert (entry.phone, entry.text_number) == ("116123", "85258")
    assert 'name="phone" type="text" value="116 123"' in page(admin, f"/admin/alpha/entries/{entry_id}/")
    entry.status = "published"
    data.commit()
    html = page(client, f"/alpha/en/entries/{entry_id}")
    assert 'href="tel:116123"' in html and '<span class="nowrap" dir="ltr">116 123</span>' in html
    assert 'href="sms:85258"' in html
    # Written after +44, a short number is no number at all.
    response = submit(admin, f"/admin/alpha/entries/{entry_id}/", "title", phone="+44 116123")
    assert response.status_code == 400 and "Enter a UK phone number" in response.get_data(as_text=True)


@pytest.mark.parametrize("changes, field, message", [
    ({"title": ""}, "title", "Enter a title"),
    ({"title": "x" * 201}, "title", "Title must be 200 characters or fewer"),
    ({"summary": "x" * 4001}, "summary", "Summary must be 4000 characters or fewer"),
    ({"easy_read": "x" * 4001}, "easy_read", "Easy read version must be 4000 characters or fewer"),
    ({"url": "javascript:alert(1)"}, "url", "Enter a web address starting with https:// or http://"),
    ({"url": "ftp://files.example.org/"}, "url", "Enter a web address starting with https://"),
    ({"chat_url": "www.example.org"}, "chat_url", "Enter a web address starting with https://"),
    ({"phone": "+1 212 555 0100"}, "phone", "Enter a UK phone number"),
    ({"phone": "not a number"}, "phone", "Enter a UK phone number"),
    ({"text_number": "0800 12"}, "text_number", "Enter a UK phone number"),
    ({"phone": "", "text_number": ""}, "phone", "A helpline needs a phone number or a text number"),
    ({"email": "help at example"}, "email", "Enter an email address"),
    ({"kind": "website", "phone": "", "url": ""}, "url", "Give at least one way to reach it"),
    ({"kind": "podcast"}, "kind", "Choose what kind of resource this is"),
    ({"category_id": ""}, "category_id", "Choose a category from the list"),
    ({"position": "-3"}, "position", "Enter a whole number from 0 to 9999"),
])
def test_a_rejected_entry_form_says_why_beside_the_field_keeps_the_input_and_changes_nothing(
    admin, alpha, data, changes, field, message
):
    entry = factories.EntryFactory(tenant=alpha, category=factories.CategoryFactory(tenant=alpha), helpline=True,
                                   title="Untouched")
    response = submit(admin, f"/admin/alpha/entries/{entry.id}/", "title", **changes)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert re.search(rf'<p class="error" id="{field}-error">{re.escape(message)}', html), html
    assert f'<a href="#{field}">' in html and "There is a problem" in html
    typed = next(iter(changes.values()))
    if typed and len(typed) < 100 and field not in ("kind", "category_id"):  # options, not typed text
        assert f'value="{typed}"' in html or f">{typed}</textarea>" in html or f'value="{typed}" selected' in html
    assert fresh(data, Entry, entry.id).title == "Untouched"
    assert audit_rows(data, entry.id) == []


def test_an_entry_cannot_be_filed_under_a_category_the_workspace_cannot_see(admin, alpha, beta, data):
    theirs = factories.CategoryFactory(tenant=beta)
    draft_national = factories.CategoryFactory(status="draft")
    for category in (theirs, draft_national):
        response = submit(admin, "/admin/alpha/entries/new", "title", category_id=str(category.id), **NEW_ENTRY)
        assert response.status_code == 400
        assert "Choose a category from the list" in response.get_data(as_text=True)
    forget(data)
    assert data.scalars(select(Entry)).all() == []


def test_the_maintainer_files_national_entries_under_national_categories_only(maintainer, alpha, data):
    local = factories.CategoryFactory(tenant=alpha)
    response = submit(maintainer, "/national/entries/new", "title", category_id=str(local.id), **NEW_ENTRY)
    assert response.status_code == 400
    assert "Choose a category from the list" in response.get_data(as_text=True)


@pytest.mark.parametrize("changes, field, message", [
    ({"name": " "}, "name", "Enter a name"),
    ({"name": "n" * 121}, "name", "Name must be 120 characters or fewer"),
    ({"slug": "Online Bullying"}, "slug", "Use only lower-case letters, digits and single hyphens"),
    ({"slug": "taken"}, "slug", "Another category already uses this web address name"),
    ({"description": "d" * 4001}, "description", "Description must be 4000 characters or fewer"),
    ({"icon": ""}, "icon", "Enter an icon name"),
])
def test_a_rejected_category_form_changes_nothing(admin, alpha, data, changes, field, message):
    factories.CategoryFactory(tenant=alpha, slug="taken")
    category = factories.CategoryFactory(tenant=alpha, name="Untouched")
    response = submit(admin, f"/admin/alpha/categories/{category.id}/", "name", **changes)
    assert response.status_code == 400
    assert re.search(rf'id="{field}-error">{re.escape(message)}', response.get_data(as_text=True))
    assert fresh(data, Category, category.id).name == "Untouched"


def test_a_category_may_not_hide_one_across_the_national_line(admin, maintainer, alpha, beta, data, client):
    # A partnership's topic page of a name shows its own category first: a local "reporting" would hide
    # the national one, and a national one named like a partnership's would never show there.
    factories.CategoryFactory(slug="reporting", name="Report something")
    factories.CategoryFactory(tenant=beta, slug="beta-courses", name="Beta courses")
    fields = {"name": "Local clash", "icon": "info", "description": ""}
    for client_, workspace, slug in ((admin, "/admin/alpha", "reporting"), (maintainer, "/national", "beta-courses")):
        response = submit(client_, f"{workspace}/categories/new", "name", slug=slug, **fields)
        assert response.status_code == 400, (workspace, slug)
        assert "Another category already uses this web address name" in response.get_data(as_text=True)
    assert not data.scalars(select(Category).where(Category.name == "Local clash")).all()
    # A name no one else uses is fine, and a partnership's names do not bind another partnership.
    assert submit(admin, "/admin/alpha/categories/new", "name", slug="beta-courses", **fields).status_code == 302


def test_unpublishing_a_category_with_entries_asks_first(maintainer, alpha, data, client):
    topic = factories.CategoryFactory(slug="reporting", name="Report something")
    factories.EntryFactory(category=topic, tenant=alpha, title="Alpha's own line")
    path = f"/national/categories/{topic.id}/unpublish"
    asked = press(maintainer, path, "/national/")
    assert asked.status_code == 200
    assert "nor the 1 entry filed under it (partnerships file their own" in asked.get_data(as_text=True)
    assert "Alpha&#39;s own line" in page(client, "/alpha/en/topics/reporting")
    maintainer.post(path, data={"csrf_token": csrf_token(maintainer, "/national/"), "confirm": "yes"})
    assert fresh(data, Category, topic.id).status == "draft"
    assert page(client, "/alpha/en/topics/reporting") == ""


def test_staff_are_told_when_a_published_entry_is_hidden_by_its_category(admin, alpha, maintainer, data):
    topic = factories.CategoryFactory(slug="reporting", name="Report something")
    entry = factories.EntryFactory(category=topic, tenant=alpha, title="Alpha's own line")
    edit, listing = f"/admin/alpha/entries/{entry.id}/", "/admin/alpha/entries/"
    assert "Residents do not see it yet" not in page(admin, edit)
    assert "(not shown" not in page(admin, listing)
    maintainer.post(f"/national/categories/{topic.id}/unpublish",
                    data={"csrf_token": csrf_token(maintainer, "/national/"), "confirm": "yes"})
    html = page(admin, edit)
    assert "Status: <span class=\"status status-published\">" in html
    assert "Residents do not see it yet: its category, “Report something”, is a draft." in html
    assert "once the category is published by the national team" in html
    assert "(not shown: its category is not published)" in page(admin, listing)


# --- Concurrent edits -----------------------------------------------------------------------------


def test_the_second_of_two_concurrent_saves_is_refused_and_the_first_kept(app, admin, alpha, data):
    other = admin_of(app, alpha, "second@alpha.test")
    entry = factories.EntryFactory(tenant=alpha, category=factories.CategoryFactory(tenant=alpha), title="Original")
    path = f"/admin/alpha/entries/{entry.id}/"
    first, second = form_values(admin, path, "title"), form_values(other, path, "title")
    assert admin.post(path, data=first | {"title": "First save"}).status_code == 302
    response = other.post(path, data=second | {"title": "Second save"})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert STALE_MESSAGE in html.replace("&#39;", "'")
    assert 'value="First save"' in html  # the form now shows their version, as it would to edit it
    assert f'<option selected value="{entry.category_id}">' in html
    assert fresh(data, Entry, entry.id).title == "First save"
    # Saving again from the refreshed form works.
    assert submit(other, path, "title", title="Second save").status_code == 302
    assert fresh(data, Entry, entry.id).title == "Second save"


def test_concurrent_category_saves_too(app, maintainer, data):
    category = factories.CategoryFactory(name="Original")
    path = f"/national/categories/{category.id}/"
    stale = form_values(maintainer, path, "name")
    assert submit(maintainer, path, "name", name="First").status_code == 302
    assert maintainer.post(path, data=stale | {"name": "Second"}).status_code == 409
    assert fresh(data, Category, category.id).name == "First"


# --- Categories --------------------------------------------------------------------------------------


def test_a_local_category_is_created_previewed_published_and_deleted_through_the_web(admin, alpha, beta, data):
    response = submit(admin, "/admin/alpha/categories/new", "name", name="Local courses", slug="local-courses",
                      description="Courses near you.", easy_read="Learn to stay safe online.")
    assert response.status_code == 302
    category = data.scalars(select(Category).where(Category.slug == "local-courses")).one()
    assert (category.tenant_id, category.status) == (alpha.id, "draft")
    factories.EntryFactory(tenant=alpha, category=category, title="Safe and Sound")
    assert admin.get("/alpha/en/topics/local-courses").status_code == 404
    preview = page(admin, f"/admin/alpha/categories/{category.id}/preview")
    assert "Preview: not published." in preview and "Safe and Sound" in preview
    assert "Learn to stay safe online." in page(admin, f"/admin/alpha/categories/{category.id}/preview?easy=1")

    press(admin, f"/admin/alpha/categories/{category.id}/publish")
    assert "Safe and Sound" in page(admin, "/alpha/en/topics/local-courses")
    assert admin.get("/beta/en/topics/local-courses").status_code == 404

    # A category with entries in it is not deleted; once empty, it is, and it can be restored.
    press(admin, f"/admin/alpha/categories/{category.id}/delete")
    assert fresh(data, Category, category.id).deleted_at is None
    assert "still has 1 entries" in page(admin, f"/admin/alpha/categories/{category.id}/")
    entry = data.scalars(select(Entry).where(Entry.title == "Safe and Sound")).one()
    press(admin, f"/admin/alpha/entries/{entry.id}/delete")
    press(admin, f"/admin/alpha/categories/{category.id}/delete")
    assert admin.get("/alpha/en/topics/local-courses").status_code == 404
    assert "Local courses</a>" in page(admin, "/admin/alpha/categories/?show=deleted")
    press(admin, f"/admin/alpha/categories/{category.id}/restore")
    assert admin.get("/alpha/en/topics/local-courses").status_code == 200
    assert [e.action for e in audit_rows(data, category.id)] == ["create", "publish", "delete", "restore"]


def test_an_admin_edits_only_their_own_categories_and_entries(admin, alpha, data):
    national_category = factories.CategoryFactory()
    national_entry = factories.EntryFactory(category=national_category)
    assert admin.get(f"/admin/alpha/categories/{national_category.id}/").status_code == 404
    assert admin.get(f"/admin/alpha/entries/{national_entry.id}/").status_code == 404
    assert press(admin, f"/admin/alpha/entries/{national_entry.id}/delete").status_code == 404
    assert fresh(data, Entry, national_entry.id).deleted_at is None


# --- The national catalogue ---------------------------------------------------------------------------


def test_the_maintainer_publishes_a_national_entry_on_every_partnership(maintainer, alpha, beta, data):
    topic = factories.CategoryFactory(slug="report")
    entry_id = create_entry(maintainer, topic, "/national", title="National Reporting Line")
    assert fresh(data, Entry, entry_id).tenant_id is None
    assert "National Reporting Line" in page(maintainer, "/national/entries/")
    for tenant in ("alpha", "beta"):
        assert "National Reporting Line" not in page(maintainer, f"/{tenant}/en/topics/report")
    preview = page(maintainer, f"/national/entries/{entry_id}/preview?as=beta")
    assert "Preview: not published." in preview and "Beta Partnership" in preview
    press(maintainer, f"/national/entries/{entry_id}/publish", "/national/")
    for tenant in ("alpha", "beta"):
        assert "National Reporting Line" in page(maintainer, f"/{tenant}/en/topics/report")
    press(maintainer, f"/national/entries/{entry_id}/delete", "/national/")
    for tenant in ("alpha", "beta"):
        assert "National Reporting Line" not in page(maintainer, f"/{tenant}/en/topics/report")
    events = audit_rows(data, fresh(data, Entry, entry_id).id)
    assert [(e.action, e.tenant_id, e.actor_email) for e in events] == [
        ("create", None, "maintainer@national.test"), ("publish", None, "maintainer@national.test"),
        ("delete", None, "maintainer@national.test")]


def test_the_maintainer_cannot_delete_a_national_category_partnerships_still_use(maintainer, alpha, data):
    topic = factories.CategoryFactory(name="Shared topic")
    factories.EntryFactory(tenant=alpha, category=topic)  # a partnership's local entry, filed under it
    press(maintainer, f"/national/categories/{topic.id}/delete", "/national/")
    assert fresh(data, Category, topic.id).deleted_at is None


def test_the_maintainer_sees_which_partnerships_hide_pin_or_annotate_an_entry(maintainer, alpha, beta, data):
    entry = factories.EntryFactory(category=factories.CategoryFactory(), title="Shared Resource")
    factories.EntryOverrideFactory(tenant=alpha, entry=entry, hidden=True)
    factories.EntryOverrideFactory(tenant=beta, entry=entry, note="Use our **local** line first.")
    factories.EntryOverrideFactory(tenant=factories.TenantFactory(name="Gamma"), entry=entry)  # changes nothing
    html = page(maintainer, f"/national/entries/{entry.id}/partnerships")
    assert "2 partnerships change how their residents see it" in html
    assert re.search(r"Alpha Partnership</th>\s*<td>Yes</td>\s*<td>No</td>", html)
    assert "Beta Partnership" in html and "<strong>local</strong>" in html and "Gamma" not in html


# --- Hiding, pinning and annotating national entries ------------------------------------------------


def test_hide_pin_and_annotate_change_only_that_partnerships_pages_and_each_undoes(admin, alpha, beta, data):
    topic = factories.CategoryFactory(slug="report")
    entry = factories.EntryFactory(category=topic, title="Report Harmful Content")
    national = "/admin/alpha/national-entries"
    mine, theirs = "/alpha/en/topics/report", "/beta/en/topics/report"

    press(admin, f"{national}/{entry.id}/hide")
    assert "Report Harmful Content" not in page(admin, mine)
    assert "Report Harmful Content" in page(admin, theirs)
    assert "<strong>Hidden</strong>" in page(admin, f"{national}/?show=hidden")
    press(admin, f"{national}/{entry.id}/unhide")
    assert "Report Harmful Content" in page(admin, mine)
    assert "Report Harmful Content <span" not in page(admin, f"{national}/?show=hidden")

    press(admin, f"{national}/{entry.id}/pin")
    assert "Report Harmful Content" in page(admin, "/alpha/en/")  # pinned entries lead the home page
    assert "Report Harmful Content" not in page(admin, "/beta/en/")
    press(admin, f"{national}/{entry.id}/unpin")
    assert "Report Harmful Content" not in page(admin, "/alpha/en/")

    assert submit(admin, f"{national}/{entry.id}/note", "note", note="Call our **local** line too.").status_code == 302
    assert "<strong>local</strong> line too" in page(admin, f"/alpha/en/entries/{entry.id}")
    assert "local</strong> line too" not in page(admin, f"/beta/en/entries/{entry.id}")
    press(admin, f"{national}/{entry.id}/remove-note")
    assert "line too" not in page(admin, f"/alpha/en/entries/{entry.id}")
    override = data.scalars(select(EntryOverride)).one()
    assert [e.action for e in audit_rows(data, override.id)] == ["create", "unhide", "pin", "unpin", "edit", "edit"]


def test_the_national_list_filters_by_words_category_and_what_this_partnership_changed(admin, alpha, data):
    report, learn = factories.CategoryFactory(name="Report"), factories.CategoryFactory(name="Learn")
    factories.EntryFactory(category=report, title="Report Remove")
    hidden = factories.EntryFactory(category=learn, title="Think You Know")
    factories.EntryFactory(category=learn, title="Draft national", status="draft")
    factories.EntryFactory(tenant=alpha, category=learn, title="Our own course")
    factories.EntryOverrideFactory(tenant=alpha, entry=hidden, hidden=True)
    everything = page(admin, "/admin/alpha/national-entries/")
    assert "Report Remove" in everything and "Think You Know" in everything
    assert "Draft national" not in everything and "Our own course" not in everything
    assert "Report Remove" not in page(admin, "/admin/alpha/national-entries/?q=think")
    assert "Think You Know" not in page(admin, f"/admin/alpha/national-entries/?category={report.id}")
    only_hidden = page(admin, "/admin/alpha/national-entries/?show=hidden")
    assert "Think You Know" in only_hidden and "Report Remove" not in only_hidden
    assert page(admin, "/admin/alpha/national-entries/?show=nonsense&category=nonsense&q=" + "x" * 300)


def test_an_admin_cannot_hide_a_draft_or_local_entry_as_if_national(admin, alpha, beta, data):
    draft = factories.EntryFactory(category=factories.CategoryFactory(), status="draft")
    own = factories.EntryFactory(tenant=alpha, category=factories.CategoryFactory(tenant=alpha))
    for entry in (draft, own):
        assert press(admin, f"/admin/alpha/national-entries/{entry.id}/hide").status_code == 404
    forget(data)
    assert data.scalars(select(EntryOverride)).all() == []


def test_a_note_that_is_too_long_is_refused(admin, data):
    entry = factories.EntryFactory(category=factories.CategoryFactory())
    response = submit(admin, f"/admin/alpha/national-entries/{entry.id}/note", "note", note="n" * 4001)
    assert response.status_code == 400
    assert "Local note must be 4000 characters or fewer" in response.get_data(as_text=True)
    forget(data)
    assert data.scalars(select(EntryOverride)).all() == []


# --- Readability of the easy-read text ------------------------------------------------------------------

HARD = ("The organisation provides comprehensive safeguarding information regarding exploitation and "
        "radicalisation for vulnerable individuals and their families.")


def test_check_readability_measures_what_was_typed_and_saves_nothing(admin, alpha, data):
    entry = factories.EntryFactory(tenant=alpha, category=factories.CategoryFactory(tenant=alpha), easy_read=None)
    path = f"/admin/alpha/entries/{entry.id}/"
    response = submit(admin, path, "title", easy_read="We can help.\n" + HARD, title="", check="Check readability")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Flesch reading ease" in html and "Very hard to read" in html
    assert "Warning: 1 long sentence" in html and f"<li>{HARD}</li>" in html
    assert "Warning: 10 hard words" in html and "<li>radicalisation</li>" in html
    assert "There is a problem" not in html  # only a check: the empty title is not an error yet
    assert fresh(data, Entry, entry.id).easy_read is None and audit_rows(data, entry.id) == []


def test_the_readability_of_the_saved_text_shows_after_saving(admin, alpha, data):
    category = factories.CategoryFactory(tenant=alpha)
    response = submit(admin, f"/admin/alpha/categories/{category.id}/", "name",
                      easy_read="- Stay safe online.\n- Tell someone you trust.")
    html = page(admin, response.location)
    assert "Easy to read." in html and "Good for easy read" in html and "Warning" not in html


# --- CSRF ---------------------------------------------------------------------------------------------


def test_a_post_without_the_csrf_token_changes_nothing(admin, alpha, data):
    assert admin.application.config.get("WTF_CSRF_ENABLED", True)
    entry = factories.EntryFactory(tenant=alpha, category=factories.CategoryFactory(tenant=alpha), status="draft")
    national = factories.EntryFactory(category=factories.CategoryFactory())
    edit = form_values(admin, f"/admin/alpha/entries/{entry.id}/", "title")
    del edit["csrf_token"]
    for path, values in [
        (f"/admin/alpha/entries/{entry.id}/", edit | {"title": "Forged"}),
        (f"/admin/alpha/entries/{entry.id}/publish", {}),
        (f"/admin/alpha/entries/{entry.id}/delete", {}),
        (f"/admin/alpha/national-entries/{national.id}/hide", {}),
        ("/admin/alpha/entries/new", {"title": "Forged", "category_id": str(entry.category_id), "kind": "website",
                                      "summary": "x", "url": "https://forged.example/"}),
    ]:
        assert admin.post(path, data=values).status_code == 400, path
    stored = fresh(data, Entry, entry.id)
    assert (stored.title, stored.status, stored.deleted_at) == (entry.title, "draft", None)
    assert data.scalars(select(EntryOverride)).all() == []
    assert len(data.scalars(select(Entry)).all()) == 2
    assert data.scalars(select(AuditEvent)).all() == []
