"""factory-boy factories for every model. They write through the test's unscoped session."""

from __future__ import annotations

import datetime
import uuid

import factory
from factory.alchemy import SQLAlchemyModelFactory

from partnership_hub.models import (
    AuditEvent,
    Bulletin,
    BulletinSection,
    Category,
    ContactLine,
    Entry,
    EntryKind,
    EntryOverride,
    FinderNote,
    FinderQuestion,
    FinderRoute,
    FinderSituation,
    LinkCheck,
    Membership,
    Snippet,
    Tenant,
    TenantHost,
    Translation,
    User,
)

_session = None

#: The two-factor secret of every maintainer the factories make (base32, as pyotp makes them).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def use_session(session) -> None:
    global _session
    _session = session


class Base(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: _session  # noqa: E731
        sqlalchemy_session_persistence = "commit"


class TenantFactory(Base):
    class Meta:
        model = Tenant

    slug = factory.Sequence(lambda n: f"partnership-{n}")
    name = factory.Sequence(lambda n: f"Partnership {n}")
    logo_text = factory.LazyAttribute(lambda o: o.name)
    brand_colour = "#1d4f91"
    languages = factory.LazyFunction(lambda: ["en", "pl", "ur"])
    default_language = "en"
    is_active = True


class TenantHostFactory(Base):
    class Meta:
        model = TenantHost

    tenant = factory.SubFactory(TenantFactory)
    host = factory.Sequence(lambda n: f"site{n}.partnership.test")


class CategoryFactory(Base):
    """A national category; pass ``tenant=`` for a local one."""

    class Meta:
        model = Category

    tenant_id = factory.LazyAttribute(lambda o: o.tenant.id if o.tenant else None)
    slug = factory.Sequence(lambda n: f"topic-{n}")
    name = factory.Sequence(lambda n: f"Topic {n}")
    description = "What this topic covers."
    position = factory.Sequence(int)

    class Params:
        tenant = None


class EntryFactory(Base):
    """A published national entry; pass ``tenant=`` for a local one."""

    class Meta:
        model = Entry

    tenant_id = factory.LazyAttribute(lambda o: o.tenant.id if o.tenant else None)
    category = factory.SubFactory(CategoryFactory)
    kind = EntryKind.WEBSITE
    title = factory.Sequence(lambda n: f"Resource {n}")
    summary = "A short description of the resource."
    url = factory.Sequence(lambda n: f"https://resource{n}.example/")
    position = factory.Sequence(int)

    class Params:
        tenant = None
        helpline = factory.Trait(kind=EntryKind.HELPLINE, phone="+443005550050", opening_hours="Every day, 9am to 5pm")


class EntryOverrideFactory(Base):
    class Meta:
        model = EntryOverride

    tenant_id = factory.LazyAttribute(lambda o: o.tenant.id)
    entry = factory.SubFactory(EntryFactory)

    class Params:
        tenant = factory.SubFactory(TenantFactory)


class ContactLineFactory(Base):
    class Meta:
        model = ContactLine

    tenant_id = factory.LazyAttribute(lambda o: o.tenant.id)
    label = factory.Sequence(lambda n: f"Safeguarding line {n}")
    phone = "+443005550055"
    position = factory.Sequence(int)

    class Params:
        tenant = factory.SubFactory(TenantFactory)


class SnippetFactory(Base):
    class Meta:
        model = Snippet

    tenant_id = factory.LazyAttribute(lambda o: o.tenant.id if o.tenant else None)
    key = "emergency"
    title = "In danger now?"
    body = "Call 999 if you or someone else is in danger."

    class Params:
        tenant = None


class BulletinFactory(Base):
    class Meta:
        model = Bulletin

    tenant_id = factory.LazyAttribute(lambda o: o.tenant.id if o.tenant else None)
    title = factory.Sequence(lambda n: f"Bulletin {n}")
    summary = "A seven-minute briefing."
    issued_on = datetime.date(2024, 5, 1)

    class Params:
        tenant = None


class BulletinSectionFactory(Base):
    class Meta:
        model = BulletinSection

    bulletin = factory.SubFactory(BulletinFactory)
    tenant_id = factory.LazyAttribute(lambda o: o.bulletin.tenant_id)
    position = factory.Sequence(lambda n: n + 1)
    heading = factory.Sequence(lambda n: f"Section {n}")
    body = "What to know."


class TranslationFactory(Base):
    class Meta:
        model = Translation

    owner = None
    owner_type = factory.LazyAttribute(lambda o: o.owner.__tablename__)
    owner_id = factory.LazyAttribute(lambda o: o.owner.id)
    tenant_id = factory.LazyAttribute(lambda o: o.owner.tenant_id)
    field = "title"
    locale = "pl"
    text = "Tekst"

    class Params:
        owner = None


class UserFactory(Base):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"staff{n}@partnership.test")
    role = "admin"
    is_active = True
    # Two-factor is required of maintainers: theirs is on, with a secret tests know (tests/staff.py).
    totp_secret = factory.LazyAttribute(lambda o: TOTP_SECRET if o.role == "maintainer" else None)

    @factory.post_generation
    def password(user, create, extracted, **_kwargs):
        """``UserFactory(password="...")`` gives the account a password it can sign in with."""
        if extracted:
            user.set_password(extracted)
            if create:
                _session.commit()


class MembershipFactory(Base):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    tenant_id = factory.LazyAttribute(lambda o: o.tenant.id)

    class Params:
        tenant = factory.SubFactory(TenantFactory)


class FinderQuestionFactory(Base):
    """The national wording of a help-finder question; pass ``tenant=`` for a partnership's own."""

    class Meta:
        model = FinderQuestion

    tenant_id = factory.LazyAttribute(lambda o: o.tenant.id if o.tenant else None)
    key = "danger"
    question = "Is anyone in danger right now?"

    class Params:
        tenant = None


class FinderSituationFactory(Base):
    """A national help-finder situation; pass ``tenant=`` for a local one."""

    class Meta:
        model = FinderSituation

    tenant_id = factory.LazyAttribute(lambda o: o.tenant.id if o.tenant else None)
    slug = factory.Sequence(lambda n: f"situation-{n}")
    label = factory.Sequence(lambda n: f"Something happened {n}")
    position = factory.Sequence(int)

    class Params:
        tenant = None


class FinderRouteFactory(Base):
    """A national route of a situation to an entry; pass ``tenant=`` for a local one."""

    class Meta:
        model = FinderRoute

    tenant_id = factory.LazyAttribute(lambda o: o.tenant.id if o.tenant else None)
    situation = factory.SubFactory(FinderSituationFactory)
    entry = factory.SubFactory(EntryFactory)
    audience = "everyone"
    advice = "Report it here."
    position = factory.Sequence(int)

    class Params:
        tenant = None


class FinderNoteFactory(Base):
    class Meta:
        model = FinderNote

    tenant_id = factory.LazyAttribute(lambda o: o.tenant.id)
    situation_id = factory.LazyAttribute(lambda o: o.situation.id)
    body = "Our own words on this."

    class Params:
        tenant = factory.SubFactory(TenantFactory)
        situation = factory.SubFactory(FinderSituationFactory)


class AuditEventFactory(Base):
    class Meta:
        model = AuditEvent

    tenant_id = factory.LazyAttribute(lambda o: o.tenant.id if o.tenant else None)
    action = "edit"
    object_type = "entry"
    object_id = factory.LazyFunction(uuid.uuid4)
    label = "Something"
    before = factory.LazyFunction(lambda: {"title": "Old"})
    after = factory.LazyFunction(lambda: {"title": "New"})

    class Params:
        tenant = None


class LinkCheckFactory(Base):
    class Meta:
        model = LinkCheck

    url = factory.Sequence(lambda n: f"https://resource{n}.example/")
    status = 200
    final_url = factory.LazyAttribute(lambda o: o.url)
    checked_at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.timezone.utc))
