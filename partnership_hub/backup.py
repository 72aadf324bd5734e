"""Backup and restore of the whole database with the database's own tools ("nothing lost").

* SQLite: the online backup API (what ``sqlite3 db .backup file`` uses): a consistent copy even while
  the site is serving, full-text index included.
* PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore --exit-on-error``, with row-level security
  flags, policies and grants. The dump must run as a superuser or a role with BYPASSRLS: the tables'
  policies are forced, so even their owner would be refused ("query would be affected by row-level
  security policy"), and ``--enable-row-security`` would silently dump one tenant's rows only.

A restore goes into an empty database only (make it with ``createdb``, or point DATABASE_URL at a new
SQLite file), so it can never mix two states of the data. Content export per partnership (JSON) is a
different tool, for moving content rather than recovering from loss.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess  # nosec B404: runs pg_dump/pg_restore with fixed arguments, no shell
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import inspect
from sqlalchemy.engine import URL

from .extensions import db


class BackupError(click.ClickException):
    """Something the operator must fix; reported without a stack trace."""


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq connection string without the password, which goes to PGPASSWORD (not into `ps`)."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return url.set(drivername="postgresql", password=None).render_as_string(hide_password=False), env


def _run(tool: str, *args: str, env: dict[str, str]) -> None:
    executable = shutil.which(tool)
    if executable is None:
        raise BackupError(f"{tool} is not installed (apt-get install -y postgresql-client)")
    result = subprocess.run([executable, *args], env=env, capture_output=True, text=True)  # nosec B603: no shell
    if result.returncode != 0:
        raise BackupError(f"{tool} failed: {result.stderr.strip()}")


def backup(path: Path) -> None:
    engine = db.engine
    if engine.dialect.name == "sqlite":
        target = sqlite3.connect(path)
        try:
            with engine.connect() as conn:
                conn.connection.driver_connection.backup(target)
        finally:
            target.close()
    elif engine.dialect.name == "postgresql":
        dsn, env = _libpq(engine.url)
        _run("pg_dump", "--format=custom", f"--file={path}", f"--dbname={dsn}", env=env)
    else:
        raise BackupError(f"no backup for {engine.dialect.name}")


def restore(path: Path) -> None:
    engine = db.engine
    if not path.is_file():
        raise BackupError(f"{path} is not a file")
    if inspect(engine).get_table_names():
        raise BackupError("the database is not empty: restore into a new, empty database")
    if engine.dialect.name == "sqlite":
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            with engine.connect() as conn:
                source.backup(conn.connection.driver_connection)
        finally:
            source.close()
    elif engine.dialect.name == "postgresql":
        dsn, env = _libpq(engine.url)
        _run("pg_restore", "--exit-on-error", f"--dbname={dsn}", str(path), env=env)
    else:
        raise BackupError(f"no restore for {engine.dialect.name}")
    engine.dispose()


@click.command("db-backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """Copy the whole database into PATH (SQLite online backup, or pg_dump's custom format)."""
    backup(path)
    click.echo(f"Backed up to {path}.")


@click.command("db-restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def restore_command(path: Path) -> None:
    """Restore a backup made by db-backup into the configured database, which must be empty."""
    restore(path)
    click.echo(f"Restored from {path}.")


def init_app(app: Flask) -> None:
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
