"""The schema under Alembic: up, down and up again on an empty database; a newer schema is refused; the
trust model's footing (who owns what, pinned search paths, what PUBLIC may not do); the upgrade's report;
an upgrade of a database of the earlier program whose staff had password hashes."""

from __future__ import annotations

import psycopg
import pytest
from alembic import command
from psycopg import sql
from sqlalchemy import text

from boxoffice_desktop.api import BoxOfficeAdmin
from boxoffice_desktop.errors import AuthenticationFailed, InvalidInput
from sync import migrate
from sync.config import DatabaseTarget
from sync.db import Database
from sync.errors import SchemaVersionError
from sync.schema import TENANT_TABLES, metadata
from tests.staff import PASSWORD, add_tenant, drop_roles, new_slug, sign_in

pytestmark = pytest.mark.db

EXPECTED_ENUMS = {
    "seat_lock_status": ["ACTIVE", "RELEASED", "EXPIRED", "CONVERTED"],
    "order_status": ["PENDING", "PAID", "CANCELLED", "EXPIRED", "PARTIALLY_REFUNDED", "REFUNDED"],
    "payment_status": [
        "PENDING",
        "WAITING_FOR_CAPTURE",
        "SUCCEEDED",
        "CANCELED",
        "PARTIALLY_REFUNDED",
        "REFUNDED",
    ],
    "refund_status": ["PENDING", "SUCCEEDED", "FAILED"],
}

# Every catalogue of objects that live in a schema and have an owner.
OWNED_OBJECTS = """
SELECT o.kind, o.name, r.rolname AS owner, r.rolsuper, r.rolbypassrls FROM (
    SELECT CASE c.relkind WHEN 'S' THEN 'sequence' WHEN 'i' THEN 'index' WHEN 'v' THEN 'view' ELSE 'table' END,
           c.oid::regclass::text, c.relowner FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace
    UNION ALL SELECT 'function', p.oid::regprocedure::text, p.proowner FROM pg_proc p
    WHERE p.pronamespace = current_schema()::regnamespace
    UNION ALL SELECT 'type', t.oid::regtype::text, t.typowner FROM pg_type t
    WHERE t.typnamespace = current_schema()::regnamespace
    UNION ALL SELECT 'operator', o.oid::regoperator::text, o.oprowner FROM pg_operator o
    WHERE o.oprnamespace = current_schema()::regnamespace
    UNION ALL SELECT 'collation', c.collname, c.collowner FROM pg_collation c
    WHERE c.collnamespace = current_schema()::regnamespace
    UNION ALL SELECT 'conversion', c.conname, c.conowner FROM pg_conversion c
    WHERE c.connamespace = current_schema()::regnamespace
    UNION ALL SELECT 'operator class', c.opcname, c.opcowner FROM pg_opclass c
    WHERE c.opcnamespace = current_schema()::regnamespace
    UNION ALL SELECT 'operator family', f.opfname, f.opfowner FROM pg_opfamily f
    WHERE f.opfnamespace = current_schema()::regnamespace
    UNION ALL SELECT 'text search configuration', c.cfgname, c.cfgowner FROM pg_ts_config c
    WHERE c.cfgnamespace = current_schema()::regnamespace
    UNION ALL SELECT 'text search dictionary', d.dictname, d.dictowner FROM pg_ts_dict d
    WHERE d.dictnamespace = current_schema()::regnamespace
    UNION ALL SELECT 'statistics', s.stxname, s.stxowner FROM pg_statistic_ext s
    WHERE s.stxnamespace = current_schema()::regnamespace
) AS o(kind, name, owner_oid)
JOIN pg_roles r ON r.oid = o.owner_oid
"""


def _tables(conn) -> set[str]:
    return {r[0] for r in conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))}


def _not_owned_by_the_owner(conn) -> list[tuple[str, str, str]]:
    return [
        (r.kind, r.name, r.owner)
        for r in conn.execute(text(OWNED_OBJECTS + " WHERE r.rolname <> 'boxoffice_owner' ORDER BY 1, 2"))
    ]


@pytest.fixture(scope="module")
def cashier(db, db_target: DatabaseTarget):
    """A psycopg connection of a staff login role (a cashier), as a station has one."""
    tenant = add_tenant(db, "mig", users=(("cashier", "cashier"),))
    conn = psycopg.connect(db_target.as_login(f"{tenant.slug}.cashier", PASSWORD).libpq_dsn, autocommit=True)
    yield conn
    conn.close()


def test_up_down_up_on_an_empty_database(empty_database, pg_admin_target):
    db = Database(empty_database)
    owner = Database(empty_database, owner_side=True)
    try:
        assert migrate.upgrade(db.engine) == migrate.head_revision()
        with db.engine.connect() as conn:
            assert {t.name for t in metadata.sorted_tables} <= _tables(conn)
        # Staff of an organisation: their login roles go with the downgrade (roles outlive databases).
        tenant = add_tenant(owner, "updown", users=(("anna", "cashier"),))
        owner.dispose()
        migrate.downgrade(db.engine, "base")
        with db.engine.connect() as conn:
            assert _tables(conn) <= {"alembic_version"}
            enums = conn.execute(text("SELECT typname FROM pg_type WHERE typtype = 'e'")).scalars().all()
            assert not set(enums) & set(EXPECTED_ENUMS)
            left = conn.execute(text("SELECT proname FROM pg_proc WHERE proname LIKE 'bo\\_%'")).scalars().all()
            assert not left, left
            assert conn.execute(
                text("SELECT count(*) FROM pg_roles WHERE rolname = :r"), {"r": f"{tenant.slug}.anna"}
            ).scalar() == 0
        assert migrate.upgrade(db.engine) == migrate.head_revision()
        # Idempotent: a second upgrade changes nothing and does not fail.
        assert migrate.upgrade(db.engine) == migrate.head_revision()
        with db.engine.connect() as conn:
            migrate.check_schema(conn)
            assert not _not_owned_by_the_owner(conn)
    finally:
        owner.dispose()
        db.dispose()


def test_down_to_0002_and_up_again_keeps_the_data(empty_database):
    """The 0003 downgrade gives back 0002's schema (tenants, other rows stay), and 0003 applies again."""
    db = Database(empty_database)
    owner = Database(empty_database, owner_side=True)
    try:
        migrate.upgrade(db.engine)
        tenant = add_tenant(owner, "down2", users=(("anna", "cashier"),))
        owner.dispose()
        migrate.downgrade(db.engine, "0002")
        with db.engine.connect() as conn:
            assert migrate.current_revision(conn) == "0002"
            assert conn.execute(text("SELECT slug FROM tenant")).scalars().all() == [tenant.slug]
            columns = set(
                conn.execute(
                    text("SELECT column_name FROM information_schema.columns WHERE table_name = 'staff_user'")
                ).scalars()
            )
            assert {"password_hash", "failed_logins", "locked_until"} <= columns and "login_role" not in columns
            assert conn.execute(text("SELECT count(*) FROM pg_proc WHERE proname = 'bo_current_tenant'")).scalar() == 1
        report = migrate.upgrade_with_report(db.engine)
        assert report.revision == migrate.head_revision()
        # anna's role went with the downgrade; her row came back without a password: listed, NOLOGIN.
        assert report.staff_without_login == [f"{tenant.slug}.anna"]
    finally:
        owner.dispose()
        db.dispose()


def test_enums_have_exactly_the_documented_values(db):
    with db.engine.connect() as conn:
        for name, values in EXPECTED_ENUMS.items():
            got = (
                conn.execute(
                    text(
                        "SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid "
                        "WHERE t.typname = :n ORDER BY e.enumsortorder"
                    ),
                    {"n": name},
                )
                .scalars()
                .all()
            )
            assert got == values, name


def test_every_tenant_table_forces_row_level_security_and_is_keyed_by_tenant(db):
    with db.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = ANY(:t)"),
            {"t": [*TENANT_TABLES, "tenant"]},
        ).all()
        assert {r[0] for r in rows} == {*TENANT_TABLES, "tenant"}
        assert all(r[1] and r[2] for r in rows), rows
        # Every policy of a tenant table compares tenant_id with the login's tenant, not with a setting.
        policies = conn.execute(
            text("SELECT tablename, qual, with_check FROM pg_policies WHERE schemaname = current_schema()")
        ).all()
        assert {p.tablename for p in policies} >= {*TENANT_TABLES, "tenant"}
        for p in policies:
            assert "bo_tenant()" in p.qual and "bo_tenant()" in (p.with_check or ""), p
            assert "current_setting" not in p.qual + (p.with_check or ""), p
        for table in TENANT_TABLES:
            pk = conn.execute(
                text(
                    "SELECT array_agg(a.attname ORDER BY k.n) FROM pg_index i "
                    "CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) "
                    "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
                    "WHERE i.indrelid = CAST(:t AS regclass) AND i.indisprimary"
                ),
                {"t": table},
            ).scalar()
            assert pk == ["tenant_id", "id"], table
        # Every foreign key between tenant tables carries tenant_id first.
        fks = conn.execute(
            text(
                "SELECT conrelid::regclass::text, confrelid::regclass::text, "
                "(SELECT attname FROM pg_attribute WHERE attrelid = conrelid AND attnum = conkey[1]) "
                "FROM pg_constraint WHERE contype = 'f'"
            )
        ).all()
        for src, dst, first in fks:
            if dst != "tenant":
                assert first == "tenant_id", (src, dst)


def test_nothing_of_the_schema_belongs_to_a_superuser_or_a_bypassrls_role(db):
    """A definer function owned by a superuser (or a BYPASSRLS role) would ignore every policy."""
    with db.engine.connect() as conn:
        owner = conn.execute(
            text(
                "SELECT rolsuper, rolbypassrls, rolcanlogin, rolcreaterole FROM pg_roles "
                "WHERE rolname = 'boxoffice_owner'"
            )
        ).one()
        assert tuple(owner) == (False, False, False, True)
        objects = conn.execute(text(OWNED_OBJECTS + " ORDER BY 1, 2")).all()
        kinds = {r.kind for r in objects}
        assert {"table", "sequence", "function", "type", "index"} <= kinds, kinds
        privileged = [(r.kind, r.name, r.owner) for r in objects if r.rolsuper or r.rolbypassrls]
        assert not privileged
        assert not _not_owned_by_the_owner(conn)
        # Nobody may add objects to the schema but the owner (an object of a staff role would be its own).
        assert conn.execute(text("SELECT has_schema_privilege('public', current_schema(), 'CREATE')")).scalar() is False
        # No group role of the staff is privileged either.
        groups = conn.execute(
            text(
                "SELECT rolname FROM pg_roles WHERE rolname IN ('boxoffice_staff', 'boxoffice_cashier', "
                "'boxoffice_manager', 'boxoffice_accountant', 'boxoffice_admin') "
                "AND NOT (rolsuper OR rolbypassrls OR rolcanlogin OR rolcreaterole)"
            )
        ).scalars().all()
        assert len(groups) == 5


def test_every_definer_function_pins_its_search_path(db):
    with db.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT p.oid::regprocedure::text AS name, p.proconfig FROM pg_proc p "
                "WHERE p.pronamespace = current_schema()::regnamespace AND p.prosecdef ORDER BY 1"
            )
        ).all()
        assert len(rows) >= 40, "the server's functions are SECURITY DEFINER"
        unpinned = []
        for r in rows:
            paths = [c.split("=", 1)[1] for c in (r.proconfig or []) if c.startswith("search_path=")]
            parts = [p.strip().strip('"') for p in paths[0].split(",")] if paths else []
            if parts != ["public", "pg_temp"]:
                unpinned.append((r.name, r.proconfig))
        assert not unpinned
        # And none of the schema's functions is anyone's by default: EXECUTE is granted, never PUBLIC's.
        public = conn.execute(
            text(
                "SELECT p.oid::regprocedure::text FROM pg_proc p WHERE p.pronamespace = current_schema()::regnamespace "
                "AND (p.proacl IS NULL OR EXISTS (SELECT 1 FROM aclexplode(p.proacl) a WHERE a.grantee = 0))"
            )
        ).scalars().all()
        assert not public


def test_temp_on_the_database_is_not_granted_to_public(db, cashier):
    with db.engine.connect() as conn:
        acl = conn.execute(text("SELECT datacl FROM pg_database WHERE datname = current_database()")).scalar()
        assert acl is not None, "a NULL acl means the defaults: TEMP for PUBLIC"
        public = conn.execute(
            text(
                "SELECT array_agg(a.privilege_type) FROM pg_database d, aclexplode(d.datacl) a "
                "WHERE d.datname = current_database() AND a.grantee = 0"
            )
        ).scalar()
        assert "TEMPORARY" not in (public or [])
    # A staff role cannot make a TEMP table that would shadow one of ours inside a definer function.
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        cashier.execute("CREATE TEMP TABLE staff_login (role_name text, tenant_id bigint, user_id bigint)")
    assert cashier.execute("SELECT has_database_privilege(current_database(), 'TEMP')").fetchone()[0] is False


def test_advisory_locks_are_not_granted_to_public(db, cashier):
    with db.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT p.oid::regprocedure::text AS name, "
                "p.proacl IS NULL OR EXISTS (SELECT 1 FROM aclexplode(p.proacl) a "
                "WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE') AS public, "
                "has_function_privilege('boxoffice_owner', p.oid, 'EXECUTE') AS owner "
                "FROM pg_proc p WHERE p.pronamespace = 'pg_catalog'::regnamespace AND p.proname LIKE 'pg%advisory%'"
            )
        ).all()
        assert len(rows) >= 20
        assert not [r.name for r in rows if r.public]
        assert all(r.owner for r in rows), "the owner's functions take them"
    for statement in (
        "SELECT pg_advisory_lock(1)",
        "SELECT pg_try_advisory_lock(1)",
        "SELECT pg_advisory_xact_lock_shared(1)",
        "SELECT pg_advisory_unlock_all()",
    ):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            cashier.execute(statement)
    # The server's own functions still take them for the staff: the sweeper's election works.
    assert cashier.execute("SELECT bo_sweeper_elect()").fetchone()[0] is True
    cashier.execute("SELECT 1")


def test_the_upgrade_reports_what_it_found_and_did(db_target, db):
    engine_db = Database(db_target)
    try:
        report = migrate.upgrade_with_report(engine_db.engine)
        with engine_db.engine.connect() as conn:
            definers = conn.execute(
                text("SELECT count(*) FROM pg_proc WHERE pronamespace = current_schema()::regnamespace AND prosecdef")
            ).scalar()
            advisory = conn.execute(
                text("SELECT count(*) FROM pg_proc WHERE pronamespace = 'pg_catalog'::regnamespace "
                     "AND proname LIKE 'pg%advisory%'")
            ).scalar()
    finally:
        engine_db.dispose()
    assert report.revision == migrate.head_revision()
    assert sorted(report.forced_rls_tables) == sorted([*TENANT_TABLES, "tenant"])
    database = db_target.url.database
    lines = report.lines()
    assert lines[0] == f"Tables under forced row-level security: {len(TENANT_TABLES) + 1}."
    assert lines[1] == f"Server functions (SECURITY DEFINER, owned by boxoffice_owner): {definers}."
    assert set(lines[2:]) == {
        "Revoked: CREATE on schema public from PUBLIC.",
        f"Revoked: TEMP on database {database} from PUBLIC.",
        f"Revoked: EXECUTE on {advisory} pg_advisory_* functions from PUBLIC.",
    }, "a superuser's upgrade: no warnings, every staff member can sign in"


def _migrate_like_the_earlier_program(target: DatabaseTarget, revision: str) -> None:
    """Alembic as the connecting superuser, without the owner: what versions before 0003 did."""
    db = Database(target)
    try:
        with db.engine.connect() as conn:
            cfg = migrate.alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
            conn.commit()
    finally:
        db.dispose()


# An Argon2 hash as the earlier program stored them: no SCRAM verifier can be made of it.
OLD_HASH = "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$0123456789abcdefghijklmnopqrstuvwxyzABCDE"


def test_an_upgrade_from_0002_makes_old_staff_nologin_and_lists_them(empty_database, pg_admin_target):
    slug = new_slug("old")
    taken = f"{slug}.bob"  # another database of this server has a login of that name already
    _migrate_like_the_earlier_program(empty_database, "0002")
    db = Database(empty_database)
    with db.engine.begin() as conn:
        assert migrate.current_revision(conn) == "0002"
        tenant_id = conn.execute(
            text("INSERT INTO tenant (slug, name) VALUES (:s, 'Old Hall') RETURNING id"), {"s": slug}
        ).scalar()
        for username, role, active in (
            ("anna", "cashier", True),
            ("bob", "manager", True),
            ("Maria Ivanova", "admin", True),
            ("leaver", "cashier", False),
        ):
            conn.execute(
                text(
                    "INSERT INTO staff_user (tenant_id, username, role, password_hash, active) "
                    "VALUES (:t, :u, :r, :h, :a)"
                ),
                {"t": tenant_id, "u": username, "r": role, "h": OLD_HASH, "a": active},
            )
        superuser_owned = conn.execute(
            text("SELECT count(*) FROM pg_tables t JOIN pg_roles r ON r.rolname = t.tableowner "
                 "WHERE t.schemaname = 'public' AND r.rolsuper")
        ).scalar()
        assert superuser_owned > 10, "the earlier program's tables belong to whoever migrated"
    with psycopg.connect(pg_admin_target.libpq_dsn, autocommit=True) as admin_conn:
        admin_conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(taken)))
    owner = Database(empty_database, owner_side=True)
    try:
        report = migrate.upgrade_with_report(db.engine)
        assert report.revision == migrate.head_revision()
        assert report.staff_without_login == [
            f"{slug}.anna",
            f"{slug}.bob (its role name is taken on this server: make a new user)",
            f"{slug}.maria_ivanova",
        ]
        lines = report.lines()
        at = lines.index("These staff cannot sign in until an administrator sets a password:")
        assert lines[at + 1 :] == [f"  {item}" for item in report.staff_without_login]
        with db.engine.connect() as conn:
            assert not _not_owned_by_the_owner(conn), "the owner took over the earlier program's objects"
            roles = {
                r.rolname: (r.rolcanlogin, r.groups)
                for r in conn.execute(
                    text(
                        "SELECT r.rolname, r.rolcanlogin, array_agg(g.rolname ORDER BY g.rolname) AS groups "
                        "FROM pg_roles r JOIN pg_auth_members m ON m.member = r.oid "
                        "JOIN pg_roles g ON g.oid = m.roleid WHERE r.rolname LIKE :p GROUP BY 1, 2"
                    ),
                    {"p": f"{slug}.%"},
                )
            }
            assert roles == {
                f"{slug}.anna": (False, ["boxoffice_cashier"]),
                f"{slug}.maria_ivanova": (False, ["boxoffice_admin"]),
                f"{slug}.leaver": (False, ["boxoffice_cashier"]),
            }
            mapped = conn.execute(
                text("SELECT u.username, u.login_role FROM staff_user u ORDER BY u.username")
            ).all()
            assert [tuple(r) for r in mapped] == [
                ("anna", f"{slug}.anna"),
                ("bob", None),  # the taken name is not reused: that role is another database's
                ("leaver", f"{slug}.leaver"),
                ("maria_ivanova", f"{slug}.maria_ivanova"),
            ]
            assert conn.execute(text("SELECT count(*) FROM staff_login")).scalar() == 3
            columns = set(
                conn.execute(
                    text("SELECT column_name FROM information_schema.columns WHERE table_name = 'staff_user'")
                ).scalars()
            )
            assert not columns & {"password_hash", "failed_logins", "locked_until"}, "no password hash is kept"

        # NOLOGIN: refused whatever the password (on a server that trusts local connections too).
        with pytest.raises(AuthenticationFailed):
            sign_in(empty_database, slug, "anna", password=PASSWORD)
        # An administrator sets a password: anna signs in again, as the cashier she was.
        admin = BoxOfficeAdmin(owner)
        admin.reset_password(slug, "anna", PASSWORD)
        with sign_in(empty_database, slug, "anna") as bo:
            assert bo.actor.role.value == "cashier" and bo.tenant.slug == slug
        with pytest.raises(InvalidInput, match="create a new user"):
            admin.reset_password(slug, "bob", PASSWORD)
        # The leaver stays out: a new password does not let a disabled account in.
        admin.reset_password(slug, "leaver", PASSWORD)
        with pytest.raises(AuthenticationFailed):
            sign_in(empty_database, slug, "leaver")
        again = migrate.upgrade_with_report(db.engine)
        assert again.staff_without_login == [
            f"{slug}.bob (its role name is taken on this server: make a new user)",
            f"{slug}.maria_ivanova",
        ]
    finally:
        owner.dispose()
        db.dispose()
        with psycopg.connect(pg_admin_target.libpq_dsn, autocommit=True) as admin_conn:
            drop_roles(admin_conn, [taken])


def test_a_database_newer_than_the_program_is_refused(empty_database):
    db = Database(empty_database)
    try:
        migrate.upgrade(db.engine)
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
        with db.engine.connect() as conn, pytest.raises(SchemaVersionError, match="newer than this program"):
            migrate.check_schema(conn)
        with pytest.raises(SchemaVersionError, match="newer than this program"):
            migrate.upgrade(db.engine)
    finally:
        db.dispose()


def test_an_unmigrated_database_is_refused_with_the_command_to_run(empty_database):
    db = Database(empty_database)
    try:
        with (
            db.engine.connect() as conn,
            pytest.raises(SchemaVersionError, match="boxoffice-admin db upgrade"),
        ):
            migrate.check_schema(conn)
    finally:
        db.dispose()
