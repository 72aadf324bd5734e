"""The domain, one module per aggregate."""

from .audit import AuditEvent
from .base import DRAFT, PUBLISHED
from .bulletin import Bulletin, BulletinSection
from .catalogue import Category, Entry, EntryKind, EntryOverride
from .tenant import ContactLine, Snippet, Tenant, TenantHost
from .user import ADMIN, MAINTAINER, AccountToken, Membership, User
from .link import LinkCheck
from .login_failure import LoginFailure
from .translation import SOURCE_LOCALE, Localized, Translatable, Translation, load_texts
from .content_stamp import NATIONAL_SCOPE, ContentStamp

__all__ = [
    "AuditEvent", "DRAFT", "PUBLISHED", "Bulletin", "BulletinSection", "Category", "ContactLine", "Entry", "EntryKind",
    "EntryOverride", "Localized", "SOURCE_LOCALE", "Snippet", "Tenant", "TenantHost", "Translatable",
    "Translation", "load_texts", "ADMIN", "MAINTAINER", "Membership", "User",
    "ContentStamp", "NATIONAL_SCOPE",
    "LinkCheck",
    "LoginFailure",
    "AccountToken",
]
from .finder import FinderNote, FinderQuestion, FinderRoute, FinderSituation  # noqa: E402

__all__ += ["FinderNote", "FinderQuestion", "FinderRoute", "FinderSituation"]
