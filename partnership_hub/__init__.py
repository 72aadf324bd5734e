"""Partnership Hub: online-safety sites for UK local safeguarding partnerships."""

from __future__ import annotations

import os

from .config import ROOT
from .tenancy import TenantAwareFlask


def create_app(test_config: dict | None = None) -> TenantAwareFlask:
    app = TenantAwareFlask(__name__, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)

    from . import config

    app.config.from_object(config.Defaults)
    app.config["SQLALCHEMY_DATABASE_URI"] = config.database_url(app.instance_path)
    app.config.update(config.cookie_security())
    app.config["TRUSTED_PROXIES"] = config.proxy_hops()
    if test_config is None:
        app.config["SECRET_KEY"] = config.secret_key(app.instance_path)
    else:
        app.config.update(test_config)
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", config.engine_options(app.config["SQLALCHEMY_DATABASE_URI"]))

    register_extensions(app)
    register_blueprints(app)
    register_template_helpers(app)
    register_errorhandlers(app)
    register_commands(app)
    register_security(app)
    return app


def register_extensions(app) -> None:
    from . import audit, i18n, models, tenancy  # noqa: F401  (models: so that Alembic sees every table)
    from .extensions import babel, csrf, db, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    babel.init_app(app, locale_selector=i18n.locale_selector)
    i18n.install_template_gettext(app)
    csrf.init_app(app)
    from . import cache

    cache.init_app(app)
    tenancy.install(app)
    audit.install()
    app.url_map.converters["locale"] = i18n.LocaleConverter


def register_blueprints(app) -> None:
    from . import admin, auth, landing, national, public

    auth.init_app(app)
    app.register_blueprint(auth.bp, url_prefix="/auth")
    app.register_blueprint(admin.bp, url_prefix="/admin/<tenant>")
    app.register_blueprint(national.bp, url_prefix="/national")
    app.register_blueprint(landing.bp)
    app.register_blueprint(public.bp, url_prefix="/<tenant>/<locale:lang>")
    from . import api

    app.register_blueprint(api.bp, url_prefix="/<tenant>/api")


def register_template_helpers(app) -> None:
    from . import formatting, pictures

    formatting.init_app(app)
    pictures.init_app(app)


def register_errorhandlers(app) -> None:
    from . import errors

    errors.init_app(app)


def register_commands(app) -> None:
    from . import commands, links

    commands.init_app(app)
    links.init_app(app)


def register_security(app) -> None:
    from . import backup, headers
    from werkzeug.middleware.proxy_fix import ProxyFix

    from .malformed import MalformedRequestGuard

    headers.init_app(app)
    backup.init_app(app)
    app.wsgi_app = MalformedRequestGuard(app.wsgi_app)
    hops = app.config["TRUSTED_PROXIES"]
    if hops:
        # Outermost: the login limits, the page cache's key and absolute links (invitations, hreflang)
        # must all see the client's address and scheme, not the proxy's.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
