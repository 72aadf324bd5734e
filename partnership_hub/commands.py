"""Command-line tasks: ``flask --app wsgi <command>``."""

import os
import secrets

import click
from flask import Flask
from flask.cli import with_appcontext


@click.command("seed-demo")
@with_appcontext
def seed_demo() -> None:
    """Load the demo partnerships and the national catalogue (safe to run again)."""
    from .demo import load_demo, load_demo_accounts

    added = load_demo()
    click.echo(f"Demo content loaded: {added} new rows." if added else "Demo content already loaded: nothing to add.")
    password = os.environ.get("DEMO_PASSWORD") or secrets.token_urlsafe(12)
    created = load_demo_accounts(password)
    if created:
        shown = "the password in DEMO_PASSWORD" if os.environ.get("DEMO_PASSWORD") else f"the password {password}"
        click.echo(f"Demo accounts ({', '.join(created)}) sign in with {shown} (shown once).")


def init_app(app: Flask) -> None:
    app.cli.add_command(seed_demo)
    app.cli.add_command(create_maintainer)
    from . import interchange

    interchange.init_app(app)


@click.command("create-maintainer")
@click.argument("email")
@click.password_option(help="The new account's password (asked for when not given).")
@with_appcontext
def create_maintainer(email: str, password: str) -> None:
    """Create a national maintainer account (the first account of a new installation)."""
    from .accounts import PasswordRejected, create_account

    try:
        create_account(email, password, role="maintainer")
    except PasswordRejected as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"National maintainer {email} created. Sign in at /auth/login.")
