"""Backup and restore round trip with the database's own tools (SECURITY.md D2): a backup of a
database holding a row of every table restores into an empty database with the same rows, the same
migration version, a working full-text index and, on PostgreSQL, the same row-level security."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from partnership_hub import create_app
from partnership_hub.extensions import db

from .conftest import PG_URL, _postgres_database, app_config
from .factories import UserFactory
from .test_tenancy import world  # noqa: F401  (the fixture: a row of every tenant-scoped model per tenant)


@pytest.fixture
def restored_app(empty_database):
    """The app on the empty database, its connections closed afterwards."""
    app = create_app(app_config(empty_database))
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def empty_database(migrated, tmp_path):
    if PG_URL:
        yield from _postgres_database()
    else:
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"


def snapshot(uri: str) -> dict:
    """Every row of every table in primary-key order, plus (PostgreSQL) each table's row-level security."""
    engine = sa.create_engine(uri)
    try:
        with engine.connect() as conn:
            tables = [*db.metadata.sorted_tables, sa.table("alembic_version", sa.column("version_num"))]
            content = {
                t.name: conn.execute(sa.select(t).order_by(*(list(t.primary_key) or list(t.c)))).all() for t in tables
            }
            if engine.dialect.name == "postgresql":
                content["row security"] = conn.execute(sa.text(
                    "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, p.policyname, p.qual, p.with_check "
                    "FROM pg_class c LEFT JOIN pg_policies p ON p.tablename = c.relname "
                    "WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' ORDER BY 1, 4")).all()
        return content
    finally:
        engine.dispose()


def test_backup_restores_into_an_empty_database_with_the_same_content(app, world, empty_database, restored_app,
                                                                     tmp_path):
    UserFactory(email="admin@a.test")
    backup_file = tmp_path / "hub.backup"
    result = app.test_cli_runner().invoke(args=["db-backup", str(backup_file)])
    assert result.exit_code == 0, result.output

    result = restored_app.test_cli_runner().invoke(args=["db-restore", str(backup_file)])
    assert result.exit_code == 0, result.output

    before, after = snapshot(app.config["SQLALCHEMY_DATABASE_URI"]), snapshot(empty_database)
    assert sum(len(rows) for rows in before.values()) > 20
    assert after == before
    if PG_URL:
        assert {row.relname for row in before["row security"] if row.relforcerowsecurity} >= {"entry", "translation"}
    # The full-text index came back too: a search on the restored site finds the entries.
    html = restored_app.test_client().get("/a/en/search?q=resource").get_data(as_text=True)
    assert html.count('href="/a/en/entries/') >= 1


def test_restore_refuses_a_database_that_is_not_empty(app, world, tmp_path):
    runner = app.test_cli_runner()
    backup_file = tmp_path / "hub.backup"
    assert runner.invoke(args=["db-backup", str(backup_file)]).exit_code == 0
    before = snapshot(app.config["SQLALCHEMY_DATABASE_URI"])
    result = runner.invoke(args=["db-restore", str(backup_file)])
    assert result.exit_code != 0 and "not empty" in result.output
    assert "Traceback" not in result.output
    assert snapshot(app.config["SQLALCHEMY_DATABASE_URI"]) == before


def test_restore_of_a_missing_file_says_so(app, data, tmp_path):
    result = app.test_cli_runner().invoke(args=["db-restore", str(tmp_path / "nothing.backup")])
    assert result.exit_code != 0 and "is not a file" in result.output
