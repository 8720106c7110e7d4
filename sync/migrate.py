"""Bring a database to this program's schema: the role bootstrap, the Alembic migrations, the grants.

Roles are global to a server, so they are not made by the migrations (which run per database and must go
up and down): an idempotent bootstrap creates ``boxoffice_app`` first. Two stations upgrading at once are
serialised by a session advisory lock.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

from sync.errors import BootstrapError, SchemaVersionError
from sync.locks import MIGRATION_LOCK_KEY

log = logging.getLogger(__name__)

APP_ROLE = "boxoffice_app"

# Tables the app role may only append to: the journal is evidence.
APPEND_ONLY_TABLES = ("order_log",)


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "sync:migrations")
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
        conn.commit()
        try:
            yield conn
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK_KEY})
            conn.commit()


def bootstrap_role(conn: Connection) -> None:
    """Create the application role when missing and let the connecting role switch to it."""
    exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": APP_ROLE}).scalar()
    me = conn.execute(text("SELECT current_user")).scalar()
    try:
        if not exists:
            conn.execute(text(f"CREATE ROLE {APP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS"))
        is_member = conn.execute(text("SELECT pg_has_role(current_user, :r, 'MEMBER')"), {"r": APP_ROLE}).scalar()
        if not is_member:
            conn.execute(text(f'GRANT {APP_ROLE} TO "{me}"'))
        conn.commit()
    except DBAPIError as exc:
        conn.rollback()
        raise BootstrapError(
            f"The role {APP_ROLE} is missing and {me!r} may not create it. Ask a database administrator "
            f'to run: CREATE ROLE {APP_ROLE} NOLOGIN; GRANT {APP_ROLE} TO "{me}";'
        ) from exc


def apply_grants(conn: Connection) -> None:
    tables = [r[0] for r in conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"))]
    stmts = [f"GRANT USAGE ON SCHEMA {_schema(conn)} TO {APP_ROLE}"]
    for table in tables:
        if table == "alembic_version":
            stmts.append(f"GRANT SELECT ON alembic_version TO {APP_ROLE}")
        elif table == "tenant":
            stmts.append(f"GRANT SELECT ON tenant TO {APP_ROLE}")
            stmts.append(f"GRANT UPDATE (name, branding, settings) ON tenant TO {APP_ROLE}")
        elif table in APPEND_ONLY_TABLES:
            stmts.append(f"REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM {APP_ROLE}")
            stmts.append(f"GRANT SELECT, INSERT ON {table} TO {APP_ROLE}")
        else:
            stmts.append(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {APP_ROLE}")
    stmts.append(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {_schema(conn)} TO {APP_ROLE}")
    stmts.append(f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA {_schema(conn)} TO {APP_ROLE}")
    for stmt in stmts:
        conn.execute(text(stmt))
    conn.commit()


def _schema(conn: Connection) -> str:
    return str(conn.execute(text("SELECT current_schema()")).scalar())


def upgrade(engine: Engine, revision: str = "head") -> str:
    """Bootstrap, migrate and grant; returns the revision the database is at afterwards."""
    with _migration_lock(engine) as conn:
        bootstrap_role(conn)
        check_not_newer(conn)
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        conn.commit()
        apply_grants(conn)
        rev = current_revision(conn)
        log.info("database at schema revision %s", rev)
        return rev or ""


def downgrade(engine: Engine, revision: str) -> None:
    with _migration_lock(engine) as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
        conn.commit()


def check_not_newer(conn: Connection) -> None:
    rev = current_revision(conn)
    if rev is not None and rev not in known_revisions():
        raise SchemaVersionError(
            f"The database schema (revision {rev}) is newer than this program (revision {head_revision()}): "
            "update the program on this computer."
        )


def check_schema(conn: Connection) -> None:
    """Refuse a database whose schema is not exactly this program's."""
    check_not_newer(conn)
    rev = current_revision(conn)
    head = head_revision()
    if rev is None:
        raise SchemaVersionError(
            "The database has no box office schema yet: run 'boxoffice-admin db upgrade' against it first."
        )
    if rev != head:
        raise SchemaVersionError(
            f"The database schema (revision {rev}) is older than this program (revision {head}): "
            "run 'boxoffice-admin db upgrade'."
        )
