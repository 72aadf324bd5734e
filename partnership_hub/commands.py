"""Command-line tasks: ``flask --app wsgi <command>``."""

import click
from flask import Flask
from flask.cli import with_appcontext


@click.command("seed-demo")
@with_appcontext
def seed_demo() -> None:
    """Load the demo partnerships and the national catalogue (safe to run again)."""
    from .demo import load_demo

    added = load_demo()
    click.echo(f"Demo content loaded: {added} new rows." if added else "Demo content already loaded: nothing to add.")


def init_app(app: Flask) -> None:
    app.cli.add_command(seed_demo)
