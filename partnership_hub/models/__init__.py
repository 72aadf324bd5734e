"""The domain, one module per aggregate."""

from .audit import AuditEvent
from .base import DRAFT, PUBLISHED
from .bulletin import Bulletin, BulletinSection
from .catalogue import Category, Entry, EntryKind, EntryOverride
from .tenant import ContactLine, Snippet, Tenant, TenantHost
from .user import ADMIN, MAINTAINER, AccountToken, Membership, User
from .translation import SOURCE_LOCALE, Localized, Translatable, Translation, load_texts

__all__ = [
    "AuditEvent", "DRAFT", "PUBLISHED", "Bulletin", "BulletinSection", "Category", "ContactLine", "Entry", "EntryKind",
    "EntryOverride", "Localized", "SOURCE_LOCALE", "Snippet", "Tenant", "TenantHost", "Translatable",
    "Translation", "load_texts", "ADMIN", "MAINTAINER", "Membership", "User",
    "AccountToken",
]
