"""Tenants and staff for tests: unique slugs per run (roles are global to a server), the roles' cleanup,
and signing in as a staff member exactly as the app does."""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Iterable, Sequence
from typing import Any

from psycopg import sql

RUN_ID = secrets.token_hex(2)  # 4 hex digits: this run's slugs start with "t<RUN_ID>"
# Advisory key space (the high 32 bits) of the runs' leases on the server's postgres database: "bots".
LEASE_SPACE = 0x626F7473
# Login roles made by any run of this suite: "t<4 hex run><2+ hex counter>-<name>.<user>".
ROLE_FAMILY = r"^t[0-9a-f]{6,}-[a-z0-9_-]*\."
PASSWORD = "test-pass-1"

_counter = itertools.count(1)


def new_slug(name: str) -> str:
    """A tenant slug of this run's own: at most 24 characters, ``name`` cut to fit."""
    prefix = f"t{RUN_ID}{next(_counter):02x}-"
    return (prefix + name.lower())[:24].rstrip("-_")


def drop_roles(conn: Any, roles: Iterable[str]) -> None:
    """Drop login roles (ending their sessions first); autocommit psycopg connection of a superuser."""
    for role in roles:
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s", (role,))
        conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


def add_tenant(
    db: Any,
    name: str,
    *,
    users: Sequence[tuple[str, str]] = (("admin", "admin"),),
    title: str | None = None,
    branding: dict[str, Any] | None = None,
    password: str = PASSWORD,
) -> Any:
    """A new organisation (on the owner's side ``db``) with staff ``(username, role)``, all with ``password``."""
    from boxoffice_desktop.services.context import owner_actor
    from boxoffice_desktop.services.staff import create_user
    from boxoffice_desktop.services.tenants import create_tenant

    tenant = create_tenant(db, new_slug(name), title or name.title(), branding)
    actor = owner_actor(tenant.id, tenant.slug, "tests")
    for username, role in users:
        create_user(db, actor, username, role, password)
    return tenant


def sign_in(target: Any, slug: str, user: str = "admin", *, station: str = "till-1", password: str = PASSWORD) -> Any:
    """A ``BoxOffice`` signed in as ``<slug>.<user>`` at ``target``'s server and database."""
    from boxoffice_desktop.api import BoxOffice

    return BoxOffice.sign_in(target, tenant=slug, user=user, password=password, station=station)
