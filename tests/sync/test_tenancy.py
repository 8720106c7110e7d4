"""Row-level security through the app's own session machinery: one tenant can neither read nor change
another's rows — on a reused pooled connection, with no tenant set, and when the URL names a superuser."""

from __future__ import annotations

import pytest
from sqlalchemy import func, insert, select, text, update
from sqlalchemy.exc import DBAPIError, ProgrammingError

from boxoffice_desktop.services.tenants import create_tenant
from sync.config import DatabaseTarget
from sync.db import Database
from sync.schema import Customer, Tenant, Venue

pytestmark = pytest.mark.db


@pytest.fixture(scope="module")
def two_tenants(db):
    a = create_tenant(db, "alpha", "Alpha Theatre")
    b = create_tenant(db, "beta", "Beta Hall")
    with db.session(a.id) as s:
        s.execute(insert(Customer).values(tenant_id=a.id, name="Anna of Alpha", email="anna@alpha.test"))
        s.execute(insert(Venue).values(tenant_id=a.id, name="Alpha main"))
    with db.session(b.id) as s:
        s.execute(insert(Customer).values(tenant_id=b.id, name="Boris of Beta", email="boris@beta.test"))
    return a, b


def test_the_connecting_role_is_a_superuser_yet_transactions_run_as_the_app_role(db, two_tenants):
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).scalar()
    a, _ = two_tenants
    with db.session(a.id) as s:
        assert s.execute(text("SELECT current_user")).scalar() == "boxoffice_app"
        assert s.execute(text("SELECT current_setting('app.tenant_id')")).scalar() == str(a.id)


def test_a_tenant_sees_only_its_own_rows_even_without_filtering(db, two_tenants):
    a, b = two_tenants
    with db.session(a.id) as s:
        # No WHERE tenant_id here on purpose: the policy alone must hide Beta's rows.
        assert s.execute(select(Customer.name)).scalars().all() == ["Anna of Alpha"]
    with db.session(b.id) as s:
        assert s.execute(select(Customer.name)).scalars().all() == ["Boris of Beta"]
        assert s.execute(select(func.count()).select_from(Venue)).scalar() == 0


def test_a_tenant_cannot_change_or_delete_anothers_rows(db, two_tenants):
    a, b = two_tenants
    with db.session(a.id) as s:
        hit = s.execute(update(Customer).where(Customer.tenant_id == b.id).values(name="hacked"))
        assert hit.rowcount == 0
        gone = s.execute(text("DELETE FROM customer WHERE tenant_id = :b"), {"b": b.id})
        assert gone.rowcount == 0
    with db.session(b.id) as s:
        assert s.execute(select(Customer.name)).scalars().all() == ["Boris of Beta"]


def test_a_tenant_cannot_insert_rows_into_another_tenant(db, two_tenants):
    a, b = two_tenants
    with pytest.raises(ProgrammingError, match="row-level security"), db.session(a.id) as s:
        s.execute(insert(Customer).values(tenant_id=b.id, name="planted"))
    with db.session(b.id) as s:
        assert "planted" not in s.execute(select(Customer.name)).scalars().all()


def test_no_tenant_set_means_no_rows(db, two_tenants):
    with db.session(None) as s:
        assert s.execute(select(func.count()).select_from(Customer)).scalar() == 0
        # The tenant table itself is global and readable (login looks tenants up by slug).
        assert {"alpha", "beta"} <= set(s.execute(select(Tenant.slug)).scalars())
    with db.connection(None) as conn:
        assert conn.execute(text("SELECT count(*) FROM customer")).scalar() == 0


def test_nothing_leaks_to_the_next_user_of_a_pooled_connection(db_target: DatabaseTarget, two_tenants):
    a, b = two_tenants
    # One pooled connection, reused by every transaction below.
    single = Database(db_target, pool_size=1, max_overflow=0)
    try:
        pids = set()
        for tenant, expected in ((a, "Anna of Alpha"), (b, "Boris of Beta"), (a, "Anna of Alpha")):
            with single.session(tenant.id) as s:
                pids.add(s.execute(text("SELECT pg_backend_pid()")).scalar())
                assert s.execute(select(Customer.name)).scalars().all() == [expected]
        with single.session(None) as s:
            pids.add(s.execute(text("SELECT pg_backend_pid()")).scalar())
            assert s.execute(select(func.count()).select_from(Customer)).scalar() == 0
            assert s.execute(text("SELECT current_setting('app.tenant_id', true)")).scalar() == ""
        assert len(pids) == 1, "the test must reuse one server connection"
        # Outside any app transaction the pooled connection is back to the connecting role, no tenant.
        with single.engine.connect() as conn:
            assert conn.execute(text("SELECT current_setting('app.tenant_id', true)")).scalar() in ("", None)
            assert conn.execute(text("SELECT current_user")).scalar() != "boxoffice_app"
    finally:
        single.dispose()


def test_a_tenant_may_update_only_its_own_tenant_row(db, two_tenants):
    a, b = two_tenants
    with db.session(a.id) as s:
        assert s.execute(update(Tenant).where(Tenant.id == b.id).values(name="taken over")).rowcount == 0
        assert s.execute(update(Tenant).where(Tenant.id == a.id).values(name="Alpha Theatre")).rowcount == 1
    with pytest.raises(DBAPIError), db.session(a.id) as s:
        s.execute(insert(Tenant).values(slug="rogue", name="Rogue"))


def test_the_journal_is_append_only_for_the_app(db, two_tenants):
    a, _ = two_tenants
    with db.session(a.id) as s:
        s.execute(text("INSERT INTO order_log (tenant_id, action) VALUES (:t, 'test.entry')"), {"t": a.id})
    with pytest.raises(ProgrammingError, match="permission denied"), db.session(a.id) as s:
        s.execute(text("UPDATE order_log SET action = 'rewritten'"))
    with pytest.raises(ProgrammingError, match="permission denied"), db.session(a.id) as s:
        s.execute(text("DELETE FROM order_log"))
