"""Where the database is, and the two ways in.

- A station signs in as its staff member's own login role (``services.staff.sign_in``): here it only learns
  where the server is. A configured server is used as it is; the embedded one is the app's own, so it is
  started, migrated (and seeded with the demo when asked) through its maintenance connection first.
- The owner's side (``boxoffice-admin``, ``BoxOffice.admin``) uses an administrator's connection: the
  embedded server's maintenance connection, or the URL of a superuser or the cloud's admin role.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy import text

from boxoffice_desktop.errors import ConfigurationError, DatabaseUnavailable, SchemaMismatch
from sync import migrate
from sync.config import DatabaseTarget, database_url_from_env, parse_database_url
from sync.db import Database, describe_connection_error
from sync.embedded import start_embedded
from sync.errors import (
    BootstrapError,
    ConnectionConfigError,
    SchemaVersionError,
    ServerUnavailable,
)

log = logging.getLogger(__name__)
T = TypeVar("T")


def resolve_target(database_url: str | None, *, data_dir: Path | None = None) -> tuple[DatabaseTarget, bool]:
    """The target and whether it is the embedded server (started here when it is)."""
    url = database_url or database_url_from_env()
    try:
        if url:
            return parse_database_url(url), False
        return start_embedded(data_dir), True
    except ConnectionConfigError as exc:
        raise ConfigurationError(str(exc)) from exc
    except ServerUnavailable as exc:
        raise DatabaseUnavailable(str(exc)) from exc


def station_target(
    database_url: str | None = None, *, data_dir: Path | None = None, demo_slug: str | None = None
) -> tuple[DatabaseTarget, bool]:
    """Where a station signs in. The embedded server is migrated first (and seeded with the demo
    organisation when ``demo_slug`` is given: never a configured server's, which is its DBA's)."""
    target, embedded = resolve_target(database_url, data_dir=data_dir)
    if embedded:
        db = _maintenance(target)
        try:
            _guard(target, lambda: _upgrade(db))
            if demo_slug:
                from boxoffice_desktop.services.demo import seed_demo

                seed_demo(db, slug=demo_slug)
        finally:
            db.dispose()
    return target, embedded


def open_owner_database(
    database_url: str | None = None, *, data_dir: Path | None = None, application_name: str = "boxoffice-admin"
) -> tuple[Database, bool]:
    """The owner's side: an administrator's connection whose transactions work as boxoffice_owner. The
    embedded server is migrated here; a configured one must be at this program's schema already."""
    target, embedded = resolve_target(database_url, data_dir=data_dir)
    db = _maintenance(target, application_name=application_name)
    try:
        if embedded:
            _guard(target, lambda: _upgrade(db))

        def check() -> None:
            with db.engine.connect() as conn:
                migrate.check_schema(conn)

        _guard(target, check)
    except BaseException:
        db.dispose()
        raise
    return db, embedded


def upgrade_database(
    database_url: str | None, *, data_dir: Path | None = None
) -> tuple[migrate.UpgradeReport, DatabaseTarget]:
    """``boxoffice-admin db upgrade``: the roles, the migrations, the revoked privileges; a report."""
    target, _ = resolve_target(database_url, data_dir=data_dir)
    db = _maintenance(target)
    try:
        return _guard(target, lambda: _upgrade(db)), target
    finally:
        db.dispose()


def _maintenance(target: DatabaseTarget, *, application_name: str = "boxoffice-maintenance") -> Database:
    return Database(target, application_name=application_name, owner_side=True, station="maintenance")


def _upgrade(db: Database) -> migrate.UpgradeReport:
    report = migrate.upgrade_with_report(db.engine)
    backfill_layouts(db)
    return report


def backfill_layouts(db: Database) -> int:
    """Seatmap versions saved before the server kept each version's seat layout get it from their document
    (the server cannot lay out rows itself; the editor's model can). The number filled in."""
    from boxoffice_desktop.services.seatmaps import layout_of
    from editor.formats.native import load_native

    filled = 0
    with db.connection(None) as conn:
        tenants = list(conn.execute(text("SELECT id FROM tenant")).scalars())
    for tenant_id in tenants:
        with db.connection(tenant_id) as conn:
            rows = conn.execute(
                text("SELECT id, document FROM seatmap WHERE tenant_id = :t AND layout IS NULL"), {"t": tenant_id}
            ).all()
            for row in rows:
                conn.execute(
                    text("UPDATE seatmap SET layout = CAST(:l AS jsonb) WHERE tenant_id = :t AND id = :i"),
                    {"l": json.dumps(layout_of(load_native(row.document))), "t": tenant_id, "i": row.id},
                )
                filled += 1
    if filled:
        log.info("seat layouts filled in for %d seatmap versions", filled)
    return filled


def _guard(target: DatabaseTarget, step: Callable[[], T]) -> T:
    """Run a database step; its failures become one readable domain error."""
    try:
        return step()
    except SchemaVersionError as exc:
        raise SchemaMismatch(str(exc)) from exc
    except BootstrapError as exc:
        raise ConfigurationError(str(exc)) from exc
    except ServerUnavailable as exc:
        raise DatabaseUnavailable(str(exc)) from exc
    except Exception as exc:
        if _is_connection_error(exc):
            raise DatabaseUnavailable(describe_connection_error(target, exc)) from exc
        raise


def _is_connection_error(exc: BaseException) -> bool:
    import psycopg
    from sqlalchemy.exc import DBAPIError, OperationalError

    if isinstance(exc, OperationalError):
        return True
    if isinstance(exc, DBAPIError) and getattr(exc, "connection_invalidated", False):
        return True
    return isinstance(exc, psycopg.OperationalError)
