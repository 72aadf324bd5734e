"""Fixtures: a migrated database per test run (SQLite always; PostgreSQL when DATABASE_URL names
one), emptied after every test; an app and client per test; factories writing through their own
unscoped session, as the CLI would, while each request gets its own session as in production."""

from __future__ import annotations

import os
import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from partnership_hub import create_app
from partnership_hub.config import database_url
from partnership_hub.extensions import db

from . import factories

PG_URL = database_url("") if os.environ.get("DATABASE_URL", "").startswith("postgres") else None


def _postgres_database():
    """A database of its own on the server DATABASE_URL names, dropped at the end of the run."""
    server = make_url(PG_URL)
    name = f"partnership_hub_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def database_uri(tmp_path_factory):
    if PG_URL:
        yield from _postgres_database()
    else:
        yield "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")


@pytest.fixture(scope="session")
def migrated(database_uri):
    """Apply the Alembic migrations once: the schema under test is the one production gets."""
    from flask_migrate import upgrade

    app = create_app(app_config(database_uri))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return database_uri


def app_config(uri: str) -> dict:
    return {"TESTING": True, "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": uri}


@pytest.fixture(scope="session")
def engine(migrated):
    engine = sa.create_engine(migrated)
    yield engine
    engine.dispose()


@pytest.fixture
def data(engine):
    """The factories' session. Rows are committed, so requests see them; every table is emptied after."""
    session = Session(bind=engine, expire_on_commit=False)
    factories.use_session(session)
    yield session
    session.rollback()
    session.close()
    empty_tables(engine)


def empty_tables(engine) -> None:
    """Delete every row, so the next test starts from the migrated, empty database."""
    with engine.begin() as conn:
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        if engine.dialect.name == "postgresql":
            conn.execute(sa.text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE"))
        else:
            for table in tables:
                conn.execute(sa.text(f'DELETE FROM "{table}"'))


@pytest.fixture
def app(migrated, data):
    app = create_app(app_config(migrated))
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
