"""The schema comes from the Alembic migrations, and it is exactly what the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from partnership_hub.config import ROOT
from partnership_hub.extensions import db
from partnership_hub.search import include_object


def test_one_head():
    script = ScriptDirectory(str(ROOT / "migrations"))
    assert len(script.get_heads()) == 1


def _differences(engine):
    with engine.connect() as conn:
        # The same filter as migrations/env.py: full-text search objects have no model (search.py).
        context = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": include_object})
        return compare_metadata(context, db.metadata)


def test_migrated_schema_matches_the_models(engine):
    assert _differences(engine) == []


def test_migrations_go_down_and_up_again(app, engine):
    with app.app_context():
        downgrade(revision="base")
        assert set(db.inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        db.engine.dispose()
    assert _differences(engine) == []
