"""Bring a database to this program's schema: the roles, the migrations, and the privileges staff must not
have.

Run with an administrator's connection (a superuser's, or a cloud's admin role): roles are global to a
server, so the migrations (which run per database and must go up and down) do not make them; ``bootstrap``
does, idempotently, then the migrations run under ``SET ROLE boxoffice_owner`` so that the owner — no
superuser, no BYPASSRLS, so row-level security binds its definer functions — owns every table and
function. Two upgrades at once are serialised by a session advisory lock.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from psycopg import sql
from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

from sync.errors import BootstrapError, SchemaVersionError
from sync.locks import MIGRATION_LOCK_KEY

log = logging.getLogger(__name__)

OWNER_ROLE = "boxoffice_owner"
STAFF_ROLE = "boxoffice_staff"
# One group role per staff role; a staff login role is a member of exactly one.
GROUP_ROLES = {
    "cashier": "boxoffice_cashier",
    "manager": "boxoffice_manager",
    "accountant": "boxoffice_accountant",
    "admin": "boxoffice_admin",
}


@dataclass
class UpgradeReport:
    """What ``db upgrade`` did and found, for its printout."""

    revision: str = ""
    forced_rls_tables: list[str] = field(default_factory=list)
    definer_functions: list[str] = field(default_factory=list)
    revoked: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    staff_without_login: list[str] = field(default_factory=list)  # "slug.user (reason)"

    def lines(self) -> list[str]:
        out = [
            f"Tables under forced row-level security: {len(self.forced_rls_tables)}.",
            f"Server functions (SECURITY DEFINER, owned by {OWNER_ROLE}): {len(self.definer_functions)}.",
        ]
        out += [f"Revoked: {item}." for item in self.revoked]
        out += [f"Warning: {item}" for item in self.warnings]
        if self.staff_without_login:
            out.append("These staff cannot sign in until an administrator sets a password:")
            out += [f"  {item}" for item in self.staff_without_login]
        return out


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
        try:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
        except DBAPIError as exc:
            # After an upgrade only the owner's side may take advisory locks (revoked from PUBLIC).
            if getattr(getattr(exc, "orig", None), "sqlstate", None) != "42501":
                raise
            me = conn.connection.driver_connection.info.user  # type: ignore[union-attr]
            raise BootstrapError(
                f"{me!r} may not upgrade this database (it may not take the migration lock, which only "
                f"{OWNER_ROLE}'s members may since the last upgrade). Run 'boxoffice-admin db upgrade' with a "
                "superuser's URL or the administrator's who upgraded it."
            ) from exc
        conn.commit()
        try:
            yield conn
        finally:
            conn.rollback()
            conn.execute(text("RESET ROLE"))
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK_KEY})
            conn.commit()


def _ident(name: str) -> str:
    return sql.Identifier(name).as_string(None)


def _scalar(conn: Connection, statement: str, **params: object) -> object:
    return conn.execute(text(statement), params).scalar()


def _try(conn: Connection, statement: str, report: UpgradeReport, why: str) -> bool:
    """Run one privileged statement; when this administrator may not, note what to ask a superuser for."""
    conn.execute(text("SAVEPOINT bo_try"))
    try:
        conn.execute(text(statement))
    except DBAPIError as exc:
        conn.execute(text("ROLLBACK TO SAVEPOINT bo_try"))
        first = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        report.warnings.append(f"{why} ({first}); a superuser can run: {statement};")
        return False
    conn.execute(text("RELEASE SAVEPOINT bo_try"))
    return True


def bootstrap(conn: Connection, report: UpgradeReport) -> None:
    """The roles and the database-wide privileges, as the connecting administrator (idempotent)."""
    me = str(_scalar(conn, "SELECT current_user"))
    superuser = bool(_scalar(conn, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"))
    schema = str(_scalar(conn, "SELECT current_schema()"))
    database = str(_scalar(conn, "SELECT current_database()"))
    try:
        if not _scalar(conn, "SELECT 1 FROM pg_roles WHERE rolname = :r", r=OWNER_ROLE):
            conn.execute(text(f"CREATE ROLE {OWNER_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS CREATEROLE"))
        else:
            conn.execute(text(f"ALTER ROLE {OWNER_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS CREATEROLE"))
        for role in (STAFF_ROLE, *GROUP_ROLES.values()):
            if not _scalar(conn, "SELECT 1 FROM pg_roles WHERE rolname = :r", r=role):
                conn.execute(text(f"CREATE ROLE {role} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE"))
        for role in GROUP_ROLES.values():
            conn.execute(text(f"GRANT {STAFF_ROLE} TO {role}"))
            # The owner makes staff roles members of these (PostgreSQL 16 wants ADMIN OPTION for it).
            conn.execute(text(f"GRANT {role} TO {OWNER_ROLE} WITH ADMIN OPTION"))
        conn.execute(text(f"GRANT {OWNER_ROLE} TO {_ident(me)}"))
    except DBAPIError as exc:
        conn.rollback()
        raise BootstrapError(
            f"{me!r} may not create the box office roles ({str(getattr(exc, 'orig', exc)).strip().splitlines()[0]}). "
            "Run 'boxoffice-admin db upgrade' with a superuser's URL or the cloud's administrator role."
        ) from exc
    # Ending a disabled user's connections from the owner's functions.
    _try(conn, f"GRANT pg_signal_backend TO {OWNER_ROLE}", report, "disabling a user cannot end its connections")
    conn.execute(text(f"GRANT USAGE, CREATE ON SCHEMA {_ident(schema)} TO {OWNER_ROLE}"))
    if _try(conn, f"REVOKE CREATE ON SCHEMA {_ident(schema)} FROM PUBLIC", report, "anyone may create objects here"):
        report.revoked.append(f"CREATE on schema {schema} from PUBLIC")
    # A staff TEMP table could otherwise shadow a table inside a definer function.
    if _try(conn, f"REVOKE TEMP ON DATABASE {_ident(database)} FROM PUBLIC", report, "staff may create TEMP tables"):
        report.revoked.append(f"TEMP on database {database} from PUBLIC")
    conn.execute(text(f"ALTER DEFAULT PRIVILEGES FOR ROLE {OWNER_ROLE} REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC"))
    _revoke_advisory_locks(conn, report, superuser)
    _take_ownership(conn, schema)
    conn.commit()


def _revoke_advisory_locks(conn: Connection, report: UpgradeReport, superuser: bool) -> None:
    """Only the server's functions take advisory locks: a staff role holding another tenant's keys would
    make its holds fail as busy and keep its sweeper from being elected."""
    functions = [
        str(r[0])
        for r in conn.execute(
            text(
                "SELECT p.oid::regprocedure::text FROM pg_proc p "
                "WHERE p.pronamespace = 'pg_catalog'::regnamespace AND p.proname LIKE 'pg%advisory%' ORDER BY 1"
            )
        )
    ]
    if not superuser:
        report.warnings.append(
            "not a superuser: EXECUTE on the pg_advisory_* functions stays granted to PUBLIC, so staff could hold "
            "lock keys of other tenants; run 'boxoffice-admin db upgrade' once as a superuser"
        )
        return
    for fn in functions:
        conn.execute(text(f"REVOKE EXECUTE ON FUNCTION {fn} FROM PUBLIC"))
        conn.execute(text(f"GRANT EXECUTE ON FUNCTION {fn} TO {OWNER_ROLE}"))
    report.revoked.append(f"EXECUTE on {len(functions)} pg_advisory_* functions from PUBLIC")


def _take_ownership(conn: Connection, schema: str) -> None:
    """Earlier versions migrated as the connecting role: the owner takes over what is not its own."""
    owner_oid = _scalar(conn, "SELECT oid FROM pg_roles WHERE rolname = :r", r=OWNER_ROLE)
    rows = conn.execute(
        text(
            "SELECT 'TABLE', c.oid::regclass::text FROM pg_class c "
            "WHERE c.relnamespace = CAST(:s AS regnamespace) AND c.relkind IN ('r', 'p', 'v', 'm') "
            "AND c.relowner <> :o "
            "UNION ALL SELECT 'SEQUENCE', c.oid::regclass::text FROM pg_class c "
            "WHERE c.relnamespace = CAST(:s AS regnamespace) AND c.relkind = 'S' AND c.relowner <> :o "
            "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')) "
            "UNION ALL SELECT 'FUNCTION', p.oid::regprocedure::text FROM pg_proc p "
            "WHERE p.pronamespace = CAST(:s AS regnamespace) AND p.proowner <> :o "
            "UNION ALL SELECT 'TYPE', t.oid::regtype::text FROM pg_type t "
            "WHERE t.typnamespace = CAST(:s AS regnamespace) AND t.typowner <> :o AND t.typtype IN ('e', 'c', 'd') "
            "AND (t.typrelid = 0 OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')"
        ),
        {"s": schema, "o": owner_oid},
    ).all()
    for kind, name in rows:
        conn.execute(text(f"ALTER {kind} {name} OWNER TO {OWNER_ROLE}"))
    if rows:
        log.info("%s took ownership of %d objects", OWNER_ROLE, len(rows))


def _inspect(conn: Connection, report: UpgradeReport) -> None:
    report.forced_rls_tables = [
        str(r[0])
        for r in conn.execute(
            text(
                "SELECT relname FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relkind = 'r' "
                "AND relrowsecurity AND relforcerowsecurity ORDER BY relname"
            )
        )
    ]
    report.definer_functions = [
        str(r[0])
        for r in conn.execute(
            text(
                "SELECT proname FROM pg_proc WHERE pronamespace = current_schema()::regnamespace AND prosecdef "
                "ORDER BY proname"
            )
        )
    ]
    if current_revision(conn) != head_revision():
        return
    # Row-level security binds the owner too: look at each organisation in turn.
    for tenant_id in list(conn.execute(text("SELECT id FROM tenant ORDER BY slug")).scalars()):
        conn.execute(text("SELECT set_config('bo.tenant', :t, true)"), {"t": str(tenant_id)})
        report.staff_without_login += [
            f"{r.slug}.{r.username}"
            + ("" if r.login_role else " (its role name is taken on this server: make a new user)")
            for r in conn.execute(
                text(
                    "SELECT t.slug, u.username, u.login_role FROM staff_user u JOIN tenant t ON t.id = u.tenant_id "
                    "LEFT JOIN pg_roles r ON r.rolname = u.login_role "
                    "WHERE u.active AND (u.login_role IS NULL OR NOT r.rolcanlogin) ORDER BY 1, 2"
                )
            )
        ]


def upgrade(engine: Engine, revision: str = "head") -> str:
    """Bootstrap, migrate; returns the revision the database is at afterwards."""
    return upgrade_with_report(engine, revision).revision


def upgrade_with_report(engine: Engine, revision: str = "head") -> UpgradeReport:
    report = UpgradeReport()
    with _migration_lock(engine) as conn:
        check_not_newer(conn)
        conn.commit()
        bootstrap(conn, report)
        conn.execute(text(f"SET ROLE {OWNER_ROLE}"))
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        conn.commit()
        # The owner's side sees every tenant's staff (bo_is_owner_side), for the list of who cannot sign in.
        _inspect(conn, report)
        conn.commit()
        report.revision = current_revision(conn) or ""
        log.info("database at schema revision %s", report.revision)
        return report


def downgrade(engine: Engine, revision: str) -> None:
    with _migration_lock(engine) as conn:
        conn.execute(text(f"SET ROLE {OWNER_ROLE}"))
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
