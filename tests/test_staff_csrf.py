"""CSRF on every state-changing staff route (SECURITY.md): a POST without the token is refused and
changes nothing. Routes come from the URL map, so a route added later is covered without editing this."""

from __future__ import annotations

from flask import template_rendered

from partnership_hub.models import AuditEvent

from . import factories
from .staff import PASSWORD, sign_in
from .test_staff_access import methods, staff_rules, url_for_rule
from .workspace import fetch


def test_a_post_without_the_csrf_token_changes_nothing(app, data):
    alpha = factories.TenantFactory(slug="alpha")
    maintainer = factories.UserFactory(email="maintainer@national.test", role="maintainer", password=PASSWORD)
    client = app.test_client()
    sign_in(client, maintainer.email)
    before = len(fetch(data, AuditEvent))
    rendered = []
    posted = 0
    # The refusal is the error page, not a form shown again with messages: the view never ran.
    with template_rendered.connected_to(lambda _app, template, context: rendered.append(template.name), app):
        for rule in staff_rules(app):
            if "POST" not in methods(rule):
                continue
            url = url_for_rule(app, rule, alpha.slug, alpha if "tenant" in rule.arguments else None)
            rendered.clear()
            response = client.post(url, data={"title": "Changed", "name": "Changed", "brand_colour": "#000000"})
            assert response.status_code == 400 and rendered == ["errors/error.html"], (url, rendered)
            posted += 1
    assert posted and len(fetch(data, AuditEvent)) == before
