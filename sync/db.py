"""Engines and transactions, for a staff member's own login role or for the owner's side.

A station connects as its signed-in staff member's login role: the server decides the tenant from that
role, so nothing here names one. Every transaction starts with ``SET LOCAL bo.station``, the station's
name for the journal (descriptive only). The owner's side (``boxoffice-admin``, ``BoxOffice.admin``)
connects with an administrator's URL and starts each transaction with ``SET LOCAL ROLE boxoffice_owner``
and ``SET LOCAL bo.tenant``, the organisation it works on — a setting the server honours for members of
boxoffice_owner only. ``SET LOCAL`` keeps all of it inside the transaction, so nothing leaks to the next
user of a pooled connection (or of a server connection behind a transaction-mode pooler).
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
from sync.migrate import OWNER_ROLE

log = logging.getLogger(__name__)

STATION_SETTING = "bo.station"
TENANT_SETTING = "bo.tenant"

# SQLSTATEs of a refused login: a wrong password (28P01), an unknown or NOLOGIN role (28000). libpq gives
# no SQLSTATE for a refused connection, only the server's text: these are its words, in English and Russian.
LOGIN_REFUSED_STATES = frozenset({"28P01", "28000"})
LOGIN_REFUSED_WORDS = (
    "password authentication failed",
    "is not permitted to log in",
    "no password supplied",
    "проверку подлинности",  # пользователь "..." не прошёл проверку подлинности (по паролю)
    "запрещён вход",  # для роли "..." вход запрещён / роли "..." запрещён вход
    "вход запрещён",
)


def transaction_prologue(*, owner_side: bool, tenant_id: int | None, station: str) -> str:
    """The first statement of every transaction (one round trip: simple query protocol)."""
    parts = []
    if owner_side:
        parts.append(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(OWNER_ROLE)))
        value = "" if tenant_id is None else str(int(tenant_id))
        parts.append(sql.SQL("SET LOCAL {} = {}").format(sql.SQL(TENANT_SETTING), sql.Literal(value)))
    parts.append(sql.SQL("SET LOCAL {} = {}").format(sql.SQL(STATION_SETTING), sql.Literal(station[:64])))
    return sql.SQL("; ").join(parts).as_string(None)


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
    """One server as one login: an engine, a session factory and the direct connections that need a
    session of their own.

    ``owner_side``: the URL is an administrator's, and every transaction works as boxoffice_owner inside
    the tenant it is given; otherwise the URL names a staff member's login role and the server decides.
    """

    def __init__(
        self,
        target: DatabaseTarget,
        *,
        application_name: str | None = None,
        owner_side: bool = False,
        station: str = "",
        **engine_kwargs: Any,
    ):
        self.target = target
        self.owner_side = owner_side
        self.station = station
        self.application_name = application_name or f"boxoffice@{socket.gethostname()}"
        self.engine = create_db_engine(target, application_name=self.application_name, **engine_kwargs)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, autoflush=True)

    def dispose(self) -> None:
        self.engine.dispose()

    def _prologue(self, tenant_id: int | None, station: str | None) -> str:
        return transaction_prologue(
            owner_side=self.owner_side, tenant_id=tenant_id, station=self.station if station is None else station
        )

    @contextmanager
    def session(self, tenant_id: int | None = None, *, station: str | None = None) -> Iterator[Session]:
        """A Session in one transaction; ``tenant_id`` counts on the owner's side only (a staff login's
        tenant is the server's to decide). Commits on success, rolls back on any exception."""
        for attempt in (1, 2):
            session = self._sessions()
            session.info["prologue"] = self._prologue(tenant_id, station)
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
    def connection(self, tenant_id: int | None = None, *, station: str | None = None) -> Iterator[Connection]:
        """A Core connection in one transaction: for hot paths that skip the ORM."""
        prologue = self._prologue(tenant_id, station)
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
def _enter(session: Session, transaction: Any, connection: Connection) -> None:
    prologue = session.info.get("prologue")
    if prologue:
        connection.exec_driver_sql(prologue)


def sqlstate(exc: BaseException) -> str | None:
    orig = getattr(exc, "orig", exc)
    return getattr(orig, "sqlstate", None)


def is_login_refused(exc: BaseException) -> bool:
    """A connection refused for its credentials (wrong password, unknown or disabled role), as opposed to
    an unreachable server."""
    if sqlstate(exc) in LOGIN_REFUSED_STATES:
        return True
    text = str(getattr(exc, "orig", exc))
    if any(words in text for words in LOGIN_REFUSED_WORDS):
        return True
    # A server that trusts the connection still refuses an unknown role (CI's PostgreSQL 15 does).
    return ('role "' in text and "does not exist" in text) or ("роль" in text and "не существует" in text)


def describe_connection_error(target: DatabaseTarget, exc: BaseException) -> str:
    """One line for a person: where we tried to connect and why it failed (no password, no traceback)."""
    orig = getattr(exc, "orig", exc)
    detail = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    return f"Cannot reach the database at {target.display()}: {detail}"
