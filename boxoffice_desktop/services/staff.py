"""Staff: signing in as one's own login role, and the accounts an administrator manages.

A staff member ``maria`` of tenant ``riverside`` is the PostgreSQL login role ``riverside.maria``: signing
in is connecting as that role, and the server checks the password (the same answer for an unknown user,
an unknown organisation and a wrong password), decides the tenant and says what the role may do. Passwords
go to the server as SCRAM verifiers made here, so the plaintext never reaches the server or its log.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError, OperationalError

from boxoffice_desktop.errors import (
    AuthenticationFailed,
    DatabaseUnavailable,
    InvalidInput,
    SchemaMismatch,
)
from boxoffice_desktop.services.context import Actor, Permission, parse_permissions
from boxoffice_desktop.services.dberrors import translate
from boxoffice_desktop.services.unit_of_work import unit_of_work
from sync import migrate
from sync.config import DatabaseTarget
from sync.db import Database, describe_connection_error, is_login_refused
from sync.errors import SchemaVersionError
from sync.schema.enums import StaffRole

log = logging.getLogger(__name__)

MIN_PASSWORD_LENGTH = 4  # the server sees a verifier only: this is the one place a length can be checked
WRONG_LOGIN = "Wrong organisation, user name or password."
# The server says "not permitted to log in" (NOLOGIN) only after the right password: telling it is no leak.
DISABLED_LOGIN = "This account is disabled; ask an administrator."
_DISABLED_WORDS = ("is not permitted to log in", "вход запрещён", "запрещён вход")


@dataclass(frozen=True)
class StaffInfo:
    id: int
    username: str
    display_name: str
    role: StaffRole
    active: bool
    login: str = ""


def login_role(tenant_slug: str, username: str) -> str:
    """The PostgreSQL role a staff member signs in as."""
    return f"{tenant_slug.strip().lower()}.{username.strip().lower()}"


def scram_verifier(conn: Connection, login: str, password: str) -> str:
    """The SCRAM-SHA-256 verifier of ``password``, made by libpq on this computer."""
    pgconn = conn.connection.driver_connection.pgconn  # type: ignore[union-attr]
    return bytes(pgconn.encrypt_password(password.encode(), login.encode(), b"scram-sha-256")).decode()


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"The password needs at least {MIN_PASSWORD_LENGTH} characters.")


def sign_in(
    target: DatabaseTarget,
    tenant_slug: str,
    username: str,
    password: str,
    station: str,
    *,
    application_name: str | None = None,
    **engine_kwargs: object,
) -> tuple[Database, Actor]:
    """Connect as the staff member's own login role; then check the schema and ask the server who we are."""
    role = login_role(tenant_slug, username)
    if not tenant_slug.strip() or not username.strip() or not password:
        raise AuthenticationFailed(WRONG_LOGIN)
    db = Database(
        target.as_login(role, password),
        station=station,
        application_name=application_name or f"boxoffice:{station}"[:63],
        **engine_kwargs,  # type: ignore[arg-type]
    )
    try:
        with db.connection() as conn:
            migrate.check_schema(conn)
            actor = whoami(conn, station)
    except DBAPIError as exc:
        db.dispose()
        if is_login_refused(exc):
            log.info("sign-in refused for %s", role)
            disabled = any(words in str(getattr(exc, "orig", exc)) for words in _DISABLED_WORDS)
            raise AuthenticationFailed(DISABLED_LOGIN if disabled else WRONG_LOGIN) from exc
        if isinstance(exc, OperationalError) or exc.connection_invalidated:
            raise DatabaseUnavailable(describe_connection_error(target, exc)) from exc
        mapped = translate(exc)
        if mapped is not None:
            raise mapped from exc
        raise
    except SchemaVersionError as exc:
        db.dispose()
        raise SchemaMismatch(str(exc)) from exc
    except BaseException:
        db.dispose()
        raise
    return db, actor


def whoami(conn: Connection, station: str) -> Actor:
    """The signed-in session as the server sees it."""
    r = conn.execute(text("SELECT * FROM bo_whoami()")).one_or_none()
    if r is None:
        raise AuthenticationFailed("This login belongs to no organisation here.")
    return Actor(
        tenant_id=int(r.tenant_id),
        tenant_slug=str(r.tenant_slug),
        user_id=r.user_id,
        username=str(r.username),
        role=StaffRole(r.role),
        station=station,
        display_name=str(r.display_name or ""),
        permissions=parse_permissions(list(r.permissions)),
        login=str(r.login),
    )


def create_user(
    db: Database, actor: Actor, username: str, role: str, password: str, *, display_name: str = ""
) -> StaffInfo:
    """A new staff member and their login role. ``actor``: an administrator, or the owner's side."""
    _check_password(password)
    name = username.strip()
    with unit_of_work(db, actor, Permission.MANAGE_STAFF) as conn:
        login = login_role(actor.tenant_slug, name)
        row = conn.execute(
            text("SELECT user_id, login FROM bo_staff_create(:u, :r, :d, :v)"),
            {"u": name, "r": role, "d": display_name, "v": scram_verifier(conn, login, password)},
        ).one()
        return _staff(conn, actor, int(row.user_id))


def set_role(db: Database, actor: Actor, username: str, role: str) -> StaffInfo:
    """The staff member's new role bites at once: the server reads it on every call."""
    with unit_of_work(db, actor, Permission.MANAGE_STAFF) as conn:
        conn.execute(text("SELECT bo_staff_set_role(:u, :r)"), {"u": username.strip(), "r": role})
        return _by_name(conn, actor, username)


def disable_user(db: Database, actor: Actor, username: str) -> int:
    """A leaver: may no longer sign in, and their open connections are ended. The number ended."""
    with unit_of_work(db, actor, Permission.MANAGE_STAFF) as conn:
        return int(conn.execute(text("SELECT bo_staff_disable(:u)"), {"u": username.strip()}).scalar_one())


def enable_user(db: Database, actor: Actor, username: str) -> None:
    with unit_of_work(db, actor, Permission.MANAGE_STAFF) as conn:
        conn.execute(text("SELECT bo_staff_enable(:u)"), {"u": username.strip()})


def reset_password(db: Database, actor: Actor, username: str, password: str) -> None:
    _check_password(password)
    with unit_of_work(db, actor, Permission.MANAGE_STAFF) as conn:
        login = login_role(actor.tenant_slug, username)
        conn.execute(
            text("SELECT bo_staff_password(:u, :v)"),
            {"u": username.strip(), "v": scram_verifier(conn, login, password)},
        )


def list_staff(db: Database, actor: Actor) -> list[StaffInfo]:
    with unit_of_work(db, actor) as conn:
        rows = conn.execute(
            text(
                "SELECT id, username, display_name, role, active, coalesce(login_role, '') AS login FROM staff_user "
                "WHERE tenant_id = :t ORDER BY username"
            ),
            {"t": actor.tenant_id},
        ).all()
    return [StaffInfo(r.id, r.username, r.display_name, StaffRole(r.role), r.active, r.login) for r in rows]


def _staff(conn: Connection, actor: Actor, user_id: int) -> StaffInfo:
    r = conn.execute(
        text(
            "SELECT id, username, display_name, role, active, coalesce(login_role, '') AS login FROM staff_user "
            "WHERE tenant_id = :t AND id = :i"
        ),
        {"t": actor.tenant_id, "i": user_id},
    ).one()
    return StaffInfo(r.id, r.username, r.display_name, StaffRole(r.role), r.active, r.login)


def _by_name(conn: Connection, actor: Actor, username: str) -> StaffInfo:
    user_id = conn.execute(
        text("SELECT id FROM staff_user WHERE tenant_id = :t AND username = :u"),
        {"t": actor.tenant_id, "u": username.strip()},
    ).scalar_one()
    return _staff(conn, actor, int(user_id))
