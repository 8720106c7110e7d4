"""Engines and tenant-scoped transactions.

Every transaction of the app starts with ``SET LOCAL ROLE boxoffice_app`` and ``SET LOCAL app.tenant_id``:
local to the transaction, so nothing leaks to the next user of a pooled connection (or of a server
connection behind a transaction-mode pooler), and in force even when the URL names the owner or a
superuser, which row-level security would otherwise let through.
"""

from __future__ import annotations

import json
import logging
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from sync.config import CONNECT_TIMEOUT_SECONDS, DatabaseTarget
from sync.migrate import APP_ROLE

log = logging.getLogger(__name__)

TENANT_SETTING = "app.tenant_id"


def tenant_prologue(tenant_id: int | None) -> str:
    """The statement that opens every app transaction (one round trip: simple query protocol)."""
    value = "" if tenant_id is None else str(int(tenant_id))
    return (
        sql.SQL("SET LOCAL ROLE {}; SET LOCAL {} = {}")
        .format(sql.Identifier(APP_ROLE), sql.SQL(TENANT_SETTING), sql.Literal(value))
        .as_string(None)
    )


def create_db_engine(
    target: DatabaseTarget,
    *,
    application_name: str = "boxoffice",
    pool_size: int = 5,
    max_overflow: int = 10,
    **kwargs: Any,
) -> Engine:
    connect_args = {
        "connect_timeout": CONNECT_TIMEOUT_SECONDS,
        "application_name": application_name,
        # Keep-alives find a dead server or a cut cable in seconds rather than hours.
        "keepalives": 1,
        "keepalives_idle": 10,
        "keepalives_interval": 5,
        "keepalives_count": 3,
    }
    return create_engine(
        target.sqlalchemy_url,
        connect_args=connect_args,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_timeout=10,
        # Journal data carries times and amounts: write them as ISO text and decimal strings.
        json_serializer=lambda obj: json.dumps(obj, default=str),
        **kwargs,
    )


class Database:
    """One server: an engine, a session factory and the direct connections that need a session."""

    def __init__(self, target: DatabaseTarget, *, application_name: str | None = None, **engine_kwargs: Any):
        self.target = target
        self.application_name = application_name or f"boxoffice@{socket.gethostname()}"
        self.engine = create_db_engine(target, application_name=self.application_name, **engine_kwargs)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, autoflush=True)

    def dispose(self) -> None:
        self.engine.dispose()

    @contextmanager
    def session(self, tenant_id: int | None) -> Iterator[Session]:
        """A Session whose every transaction runs as the app role inside ``tenant_id`` (None: no rows).

        Commits on success, rolls back on any exception.
        """
        for attempt in (1, 2):
            session = self._sessions()
            session.info["tenant_id"] = tenant_id
            try:
                session.begin()
                session.connection()  # runs the prologue: a dead pooled connection shows here
            except DBAPIError as exc:
                session.close()
                if attempt == 1 and exc.connection_invalidated:
                    continue  # nothing was done yet: a fresh connection is safe
                raise
            break
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def connection(self, tenant_id: int | None) -> Iterator[Connection]:
        """A Core connection in one tenant transaction: for hot paths that skip the ORM."""
        prologue = tenant_prologue(tenant_id)
        for attempt in (1, 2):
            conn = self.engine.connect()
            try:
                conn.begin()
                conn.exec_driver_sql(prologue)
            except DBAPIError as exc:
                conn.close()
                # A server restart or a terminated backend leaves dead connections in the pool; the
                # prologue is the first statement, so nothing was done yet and one retry is safe.
                if attempt == 1 and exc.connection_invalidated:
                    continue
                raise
            break
        try:
            yield conn
            conn.commit()
        except BaseException:
            if not conn.invalidated:
                conn.rollback()
            raise
        finally:
            conn.close()

    @contextmanager
    def admin_connection(self) -> Iterator[Connection]:
        """A transaction as the connecting role itself: only for administration (creating tenants)."""
        with self.engine.begin() as conn:
            yield conn

    def direct_connect(self, *, autocommit: bool = True) -> psycopg.Connection:
        """A plain psycopg connection outside the pool: LISTEN and the sweeper's election need one."""
        return psycopg.connect(
            self.target.libpq_dsn,
            autocommit=autocommit,
            connect_timeout=CONNECT_TIMEOUT_SECONDS,
            application_name=self.application_name,
            keepalives=1,
            keepalives_idle=10,
            keepalives_interval=5,
            keepalives_count=3,
        )


@event.listens_for(Session, "after_begin")
def _enter_tenant(session: Session, transaction: Any, connection: Connection) -> None:
    if "tenant_id" not in session.info:
        return
    connection.exec_driver_sql(tenant_prologue(session.info["tenant_id"]))


def describe_connection_error(target: DatabaseTarget, exc: BaseException) -> str:
    """One line for a person: where we tried to connect and why it failed (no password, no traceback)."""
    orig = getattr(exc, "orig", exc)
    detail = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    return f"Cannot reach the database at {target.display()}: {detail}"
