"""Tenancy from the login: a staff login role sees its own organisation's rows only — without any WHERE,
whatever setting it sets — and changes nothing directly; the owner's side works inside the tenant its
transaction names, and that choice ends with the transaction.

(The broader attacks a station's user could try with psql are in their own test module.)
"""

from __future__ import annotations

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import func, insert, select, text, update
from sqlalchemy.exc import ProgrammingError

from sync.config import DatabaseTarget
from sync.db import Database
from sync.schema import Customer, Tenant, Venue
from tests.staff import PASSWORD, add_tenant

pytestmark = pytest.mark.db

SETTINGS = ("bo.tenant", "app.tenant_id")


@pytest.fixture(scope="module")
def two_tenants(db):
    a = add_tenant(db, "alpha", users=(("admin", "admin"), ("cashier", "cashier")), title="Alpha Theatre")
    b = add_tenant(db, "beta", users=(("admin", "admin"), ("cashier", "cashier")), title="Beta Hall")
    # The owner's side writes directly (it owns the tables), inside the tenant its transaction names.
    with db.session(a.id) as s:
        s.execute(insert(Customer).values(tenant_id=a.id, name="Anna of Alpha", email="anna@alpha.test"))
        s.execute(insert(Venue).values(tenant_id=a.id, name="Alpha main"))
    with db.session(b.id) as s:
        s.execute(insert(Customer).values(tenant_id=b.id, name="Boris of Beta", email="boris@beta.test"))
    return a, b


def _login(target: DatabaseTarget, slug: str, user: str) -> psycopg.Connection:
    """A staff member's own connection, as psql on a station would make it."""
    return psycopg.connect(target.as_login(f"{slug}.{user}", PASSWORD).libpq_dsn, autocommit=True, connect_timeout=10)


def _column(conn: psycopg.Connection, query: str) -> list:
    return [r[0] for r in conn.execute(query)]


def _what_it_sees(conn: psycopg.Connection) -> dict[str, list]:
    # No WHERE tenant_id anywhere here on purpose: the policies alone must hide the other tenant's rows.
    return {
        "customer": _column(conn, "SELECT name FROM customer ORDER BY name"),
        "staff_user": _column(conn, "SELECT username FROM staff_user ORDER BY username"),
        "tenant": _column(conn, "SELECT slug FROM tenant ORDER BY slug"),
        "venue": _column(conn, "SELECT name FROM venue ORDER BY name"),
        "tenants_in_journal": _column(conn, "SELECT DISTINCT tenant_id FROM order_log ORDER BY 1"),
        "bo_tenant": _column(conn, "SELECT bo_tenant()"),
        "whoami": _column(conn, "SELECT tenant_slug FROM bo_whoami()"),
    }


@pytest.mark.parametrize("user", ["cashier", "admin"])
def test_a_staff_login_sees_only_its_own_rows_whatever_it_sets(db_target, two_tenants, user):
    a, b = two_tenants
    for mine, other, my_customers, my_venues in (
        (a, b, ["Anna of Alpha"], ["Alpha main"]),
        (b, a, ["Boris of Beta"], []),
    ):
        expected = {
            "customer": my_customers,
            "staff_user": ["admin", "cashier"],
            "tenant": [mine.slug],
            "venue": my_venues,
            "tenants_in_journal": [mine.id],  # tenant.created, staff.created
            "bo_tenant": [mine.id],
            "whoami": [mine.slug],
        }
        with _login(db_target, mine.slug, user) as conn:
            assert conn.execute("SELECT session_user, current_user").fetchone() == (f"{mine.slug}.{user}",) * 2
            assert _what_it_sees(conn) == expected
            # Whatever it sets — session-wide or in a transaction — the server goes by the login.
            for setting in SETTINGS:
                conn.execute("SELECT set_config(%s, %s, false)", (setting, str(other.id)))
            conn.execute(sql.SQL("SET bo.tenant = {}").format(sql.Literal(str(other.id))))
            assert _what_it_sees(conn) == expected
            with conn.transaction():
                for setting in SETTINGS:
                    conn.execute("SELECT set_config(%s, %s, true)", (setting, str(other.id)))
                assert _what_it_sees(conn) == expected
            # Nor can it become the owner, whose side honours bo.tenant.
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute("SET ROLE boxoffice_owner")
            assert conn.execute("SELECT bo_is_owner_side()").fetchone() == (False,)


def test_a_staff_login_reads_neither_secrets_nor_the_login_mapping(db_target, two_tenants):
    a, _ = two_tenants
    with _login(db_target, a.slug, "admin") as conn:
        for table in ("tenant_secret", "staff_login"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(sql.SQL("SELECT * FROM {}").format(sql.Identifier(table)))


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE tenant SET name = 'Taken over' WHERE id = {own}",
        "UPDATE tenant SET settings = '{{}}' WHERE id = {own}",
        "INSERT INTO tenant (slug, name) VALUES ('rogue', 'Rogue')",
        "INSERT INTO order_log (tenant_id, action, actor) VALUES ({own}, 'order.paid', 'someone else')",
        "UPDATE order_log SET action = 'rewritten'",
        "DELETE FROM order_log",
        "TRUNCATE order_log",
        "INSERT INTO customer (tenant_id, name) VALUES ({own}, 'planted')",
        "UPDATE customer SET name = 'hacked'",
        "DELETE FROM customer",
        "UPDATE staff_user SET role = 'admin'",
    ],
)
def test_a_staff_login_changes_nothing_directly(db, db_target, two_tenants, statement):
    """Even an administrator of the organisation: writes go through the server's functions only."""
    a, _ = two_tenants
    with _login(db_target, a.slug, "admin") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(statement.format(own=a.id))
    with db.engine.connect() as conn:  # a superuser's look at what really is there
        assert conn.execute(text("SELECT name FROM tenant WHERE id = :t"), {"t": a.id}).scalar() == "Alpha Theatre"
        assert conn.execute(text("SELECT count(*) FROM order_log WHERE action = 'rewritten'")).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM customer WHERE name IN ('planted', 'hacked')")).scalar() == 0


def test_a_staff_database_ignores_a_tenant_it_is_handed(db_target, two_tenants):
    """The app's own machinery for a station: the tenant argument counts on the owner's side only."""
    a, b = two_tenants
    station = Database(db_target.as_login(f"{a.slug}.cashier", PASSWORD), station="till-1", pool_size=1, max_overflow=0)
    try:
        with station.session(b.id) as s:
            assert s.execute(select(Customer.name)).scalars().all() == ["Anna of Alpha"]
            assert s.execute(text("SELECT current_setting('bo.station')")).scalar() == "till-1"
        with station.connection(b.id) as conn:
            assert conn.execute(text("SELECT count(*) FROM customer WHERE tenant_id = :b"), {"b": b.id}).scalar() == 0
        # The station's name was local to those transactions.
        with station.engine.connect() as conn:
            assert conn.execute(text("SELECT current_setting('bo.station', true)")).scalar() in ("", None)
    finally:
        station.dispose()


def test_the_owner_side_writes_land_in_the_named_tenant_only(db, two_tenants):
    a, b = two_tenants
    with pytest.raises(ProgrammingError, match="row-level security"), db.session(a.id) as s:
        s.execute(insert(Customer).values(tenant_id=b.id, name="planted"))
    with db.session(a.id) as s:
        hit = s.execute(update(Customer).where(Customer.tenant_id == b.id).values(name="hacked"))
        assert hit.rowcount == 0
        gone = s.execute(text("DELETE FROM customer WHERE tenant_id = :b"), {"b": b.id})
        assert gone.rowcount == 0
        assert s.execute(select(Customer.name)).scalars().all() == ["Anna of Alpha"]
    with db.session(b.id) as s:
        assert s.execute(select(Customer.name)).scalars().all() == ["Boris of Beta"]
    with db.engine.connect() as conn:  # what really is there
        rows = conn.execute(text("SELECT tenant_id, name FROM customer ORDER BY name")).all()
        assert [tuple(r) for r in rows] == [(a.id, "Anna of Alpha"), (b.id, "Boris of Beta")]


def test_the_owner_side_without_a_tenant_sees_organisations_but_no_tenant_rows(db, two_tenants):
    a, b = two_tenants
    with db.session(None) as s:
        assert s.execute(select(func.count()).select_from(Customer)).scalar() == 0
        assert {a.slug, b.slug} <= set(s.execute(select(Tenant.slug)).scalars())
    with db.connection(None) as conn:
        assert conn.execute(text("SELECT count(*) FROM customer")).scalar() == 0
        assert conn.execute(text("SELECT bo_tenant()")).scalar() is None


def test_the_owner_side_prologue_is_local_to_its_transaction(db_target: DatabaseTarget, two_tenants):
    a, b = two_tenants
    # One pooled connection, reused by every transaction below.
    single = Database(db_target, owner_side=True, station="admin-box", pool_size=1, max_overflow=0)
    try:
        with single.engine.connect() as conn:
            connecting = conn.execute(text("SELECT session_user")).scalar()
            assert conn.execute(text("SELECT rolsuper FROM pg_roles WHERE rolname = session_user")).scalar()
        pids = set()
        for tenant, expected in ((a, "Anna of Alpha"), (b, "Boris of Beta"), (a, "Anna of Alpha")):
            with single.session(tenant.id) as s:
                pids.add(s.execute(text("SELECT pg_backend_pid()")).scalar())
                assert s.execute(text("SELECT current_user")).scalar() == "boxoffice_owner"
                assert s.execute(text("SELECT current_setting('bo.tenant')")).scalar() == str(tenant.id)
                assert s.execute(select(Customer.name)).scalars().all() == [expected]
        # A transaction that fails half-way leaves nothing behind either.
        with pytest.raises(ZeroDivisionError), single.connection(b.id) as conn:
            pids.add(conn.execute(text("SELECT pg_backend_pid()")).scalar())
            raise ZeroDivisionError
        with single.session(None) as s:
            pids.add(s.execute(text("SELECT pg_backend_pid()")).scalar())
            assert s.execute(select(func.count()).select_from(Customer)).scalar() == 0
            assert s.execute(text("SELECT current_setting('bo.tenant', true)")).scalar() == ""
        assert len(pids) == 1, "the test must reuse one server connection"
        # Outside any transaction of ours the pooled connection is back to the connecting role, no tenant.
        with single.engine.connect() as conn:
            pids.add(conn.execute(text("SELECT pg_backend_pid()")).scalar())
            assert conn.execute(text("SELECT current_user")).scalar() == connecting
            for setting in ("bo.tenant", "bo.station"):
                assert conn.execute(text("SELECT current_setting(:s, true)"), {"s": setting}).scalar() in ("", None)
            assert conn.execute(text("SELECT bo_tenant()")).scalar() is None
        assert len(pids) == 1
    finally:
        single.dispose()
