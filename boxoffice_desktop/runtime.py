"""Where the database is: a configured server, or the embedded one in the user's data folder.

A configured server is used as it is (its schema must match; upgrading a shared server is an
administrator's explicit act). The embedded server is the app's own: it is started and migrated here.
"""

from __future__ import annotations

import logging
from pathlib import Path

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


def resolve_target(database_url: str | None, *, data_dir: Path | None = None) -> tuple[DatabaseTarget, bool]:
    """The target and whether it is the embedded server."""
    url = database_url or database_url_from_env()
    try:
        if url:
            return parse_database_url(url), False
        return start_embedded(data_dir), True
    except ConnectionConfigError as exc:
        raise ConfigurationError(str(exc)) from exc
    except ServerUnavailable as exc:
        raise DatabaseUnavailable(str(exc)) from exc


def open_database(
    database_url: str | None = None,
    *,
    data_dir: Path | None = None,
    application_name: str | None = None,
    upgrade_embedded: bool = True,
) -> tuple[Database, bool]:
    """Connect, check the schema (migrating the embedded server), and return (database, is_embedded)."""
    target, embedded = resolve_target(database_url, data_dir=data_dir)
    db = Database(target, application_name=application_name)
    try:
        if embedded and upgrade_embedded:
            migrate.upgrade(db.engine)
        with db.engine.connect() as conn:
            migrate.check_schema(conn)
    except SchemaVersionError as exc:
        db.dispose()
        raise SchemaMismatch(str(exc)) from exc
    except BootstrapError as exc:
        db.dispose()
        raise ConfigurationError(str(exc)) from exc
    except ServerUnavailable as exc:
        db.dispose()
        raise DatabaseUnavailable(str(exc)) from exc
    except Exception as exc:
        db.dispose()
        if _is_connection_error(exc):
            raise DatabaseUnavailable(describe_connection_error(target, exc)) from exc
        raise
    return db, embedded


def upgrade_database(database_url: str | None, *, data_dir: Path | None = None) -> tuple[str, DatabaseTarget]:
    """``boxoffice-admin db upgrade``: bootstrap the role, migrate, grant."""
    target, _ = resolve_target(database_url, data_dir=data_dir)
    db = Database(target, application_name="boxoffice-admin")
    try:
        return migrate.upgrade(db.engine), target
    except SchemaVersionError as exc:
        raise SchemaMismatch(str(exc)) from exc
    except BootstrapError as exc:
        raise ConfigurationError(str(exc)) from exc
    except Exception as exc:
        if _is_connection_error(exc):
            raise DatabaseUnavailable(describe_connection_error(target, exc)) from exc
        raise
    finally:
        db.dispose()


def _is_connection_error(exc: BaseException) -> bool:
    import psycopg
    from sqlalchemy.exc import DBAPIError, OperationalError

    if isinstance(exc, OperationalError):
        return True
    if isinstance(exc, DBAPIError) and getattr(exc, "connection_invalidated", False):
        return True
    return isinstance(exc, psycopg.OperationalError)
