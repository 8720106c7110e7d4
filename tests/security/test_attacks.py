"""A station is never trusted: every attack of the trust issue, tried as a staff role with raw SQL (what a
cashier with the station's connection and psql can do), refused by the server, and shown afterwards, as
the owner, to have changed nothing.

Each "invisible" check connects as the staff role itself (a superuser with SET ROLE keeps session_user
and would see nothing at all, which proves nothing) and first shows, as a positive control, that the same
role sees its own organisation's rows.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import psycopg
import pytest
from psycopg import sql

from boxoffice_desktop import AuthenticationFailed, BoxOffice, PermissionDenied
from boxoffice_desktop.services.context import Permission
from tests.plans import grid_plan
from tests.staff import PASSWORD, add_tenant, sign_in

pytestmark = pytest.mark.db

STAFF = (("admin", "admin"), ("manager", "manager"), ("cashier", "cashier"), ("accountant", "accountant"))
YOOKASSA_KEY = "live_5ecret-key-that-must-stay-on-the-server"

# Every table a staff role can see (under its policy), and the two it cannot see at all.
READABLE = (
    "tenant", "staff_user", "venue", "seatmap", "event", "event_seat", "price_type", "event_price", "hold",
    "seat_lock", "customer", "cash_shift", "orders", "order_item", "payment", "refund", "order_log",
)  # fmt: skip
HIDDEN = ("tenant_secret", "staff_login")


class World:
    """Two organisations with staff, a map, an event, a paid order with a ticket, a customer, YooKassa set."""

    def __init__(self, db: Any) -> None:
        self.db = db
        self.alpha = add_tenant(db, "alpha", title="Alpha Theatre", users=STAFF)
        self.beta = add_tenant(db, "beta", title="Beta Hall", users=STAFF)
        self.events: dict[str, int] = {}
        self.orders: dict[str, int] = {}
        self.codes: dict[str, str] = {}
        for t in (self.alpha, self.beta):
            with sign_in(db.target, t.slug, "admin", station="box-1") as bo:
                bo.configure_yookassa("shop-" + t.slug[-4:], YOOKASSA_KEY + t.slug)
                sm = bo.import_seatmap(grid_plan(2, 6, guid_prefix=t.slug))
                ev = bo.create_event("Gala", sm, datetime.now(UTC) + timedelta(days=2), {"Front": 100, "Back": 50})
                bo.open_shift(0)
                seats = [s.id for s in bo.seats(ev)][:2]
                order = bo.sell(
                    bo.hold(ev, seats).id, customer={"name": f"Customer of {t.name}", "email": f"c@{t.slug}.test"}
                )
                self.events[t.slug] = ev
                self.orders[t.slug] = order.id
                self.codes[t.slug] = bo.tickets(order.id)[0].code

    def login(self, tenant: Any, user: str) -> str:
        return f"{tenant.slug}.{user}"

    def psql(self, tenant: Any, user: str) -> psycopg.Connection:
        """What psql as that staff member gets: a plain connection as the login role."""
        return psycopg.connect(
            self.db.target.as_login(self.login(tenant, user), PASSWORD).libpq_dsn, autocommit=True, connect_timeout=10
        )

    def owner(self) -> psycopg.Connection:
        """A superuser's connection: it bypasses row-level security, to look at what really happened."""
        return psycopg.connect(self.db.target.libpq_dsn, autocommit=True, connect_timeout=10)

    def snapshot(self) -> dict[str, Any]:
        """Every row of every table of the schema (the journal's count only: reading adds nothing to it)."""
        out: dict[str, Any] = {}
        with self.owner() as conn:
            for table in (*READABLE, *HIDDEN, "role_permission"):
                rows = conn.execute(
                    sql.SQL("SELECT to_jsonb(t)::text FROM {} t ORDER BY 1").format(sql.Identifier(table))
                )
                out[table] = [r[0] for r in rows]
            out["memberships"] = conn.execute(
                "SELECT r.rolname, g.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member "
                "JOIN pg_roles g ON g.oid = m.roleid WHERE r.rolname LIKE 't%.%' ORDER BY 1, 2"
            ).fetchall()
            out["roles"] = conn.execute(
                "SELECT rolname, rolcanlogin, rolsuper, rolcreaterole, rolbypassrls FROM pg_roles "
                "WHERE rolname LIKE 't%.%' ORDER BY 1"
            ).fetchall()
        return out


@pytest.fixture(scope="module")
def world(db) -> World:
    return World(db)


@pytest.fixture
def unchanged(world) -> Iterator[None]:
    """The test's attacks must leave every row of both organisations as it was."""
    before = world.snapshot()
    yield
    after = world.snapshot()
    for key in before:
        assert after[key] == before[key], f"{key} changed"


def refused(conn: psycopg.Connection, statement: str, params: Any = None) -> psycopg.Error:
    """Run one statement that must fail; the error (its sqlstate says why)."""
    with pytest.raises(psycopg.Error) as caught:
        conn.execute(statement, params)
    return caught.value


def trusts_passwords(world: World) -> bool:
    """Whether the server lets a wrong password in (CI's PostgreSQL 15 trusts every local connection)."""
    try:
        psycopg.connect(
            world.db.target.as_login(world.login(world.alpha, "cashier"), "certainly-wrong").libpq_dsn,
            connect_timeout=10,
        ).close()
    except psycopg.OperationalError:
        return False
    return True


# -- the tenant comes from the login, not from a setting --------------------------------------------------


@pytest.mark.parametrize("setting", ["app.tenant_id", "bo.tenant"])
def test_no_setting_moves_a_session_into_another_tenant(world, setting, unchanged):
    alpha, beta = world.alpha, world.beta
    with world.psql(alpha, "admin") as conn:
        # Positive control: the same role sees its own organisation's rows, with no WHERE at all.
        own = {
            t: conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(t))).fetchone()[0]
            for t in READABLE
        }
        assert all(
            own[t] > 0 for t in ("tenant", "staff_user", "customer", "orders", "payment", "order_log", "event_seat")
        )
        conn.execute("SELECT set_config(%s, %s, false)", (setting, str(beta.id)))
        conn.execute(sql.SQL("SET {} = {}").format(sql.Identifier(*setting.split(".")), sql.Literal(str(beta.id))))
        for table in READABLE:
            rows = conn.execute(sql.SQL("SELECT to_jsonb(t) FROM {} t").format(sql.Identifier(table))).fetchall()
            foreign = [r for (r,) in rows if r.get("tenant_id", r.get("id")) != alpha.id]
            assert not foreign, f"{table} shows another organisation's rows under {setting}"
            assert len(rows) == own[table]
        assert conn.execute("SELECT slug FROM tenant").fetchall() == [(alpha.slug,)]
        # The server's own functions answer for alpha too, whatever is set.
        assert conn.execute("SELECT tenant_id FROM bo_whoami()").fetchone()[0] == alpha.id


def test_a_staff_role_cannot_become_another_role(world, unchanged):
    with world.psql(world.alpha, "cashier") as conn:
        for target in ("boxoffice_owner", world.login(world.beta, "admin"), world.login(world.alpha, "admin")):
            assert (
                refused(conn, sql.SQL("SET ROLE {}").format(sql.Identifier(target)).as_string(conn)).sqlstate == "42501"
            )
        assert refused(conn, "SET SESSION AUTHORIZATION postgres").sqlstate == "42501"
        for group in ("boxoffice_admin", "boxoffice_manager", "boxoffice_owner"):
            stmt = sql.SQL("GRANT {} TO {}").format(
                sql.Identifier(group), sql.Identifier(world.login(world.alpha, "cashier"))
            )
            assert refused(conn, stmt.as_string(conn)).sqlstate == "42501"


def test_what_staff_may_not_see_at_all(world, unchanged):
    with world.psql(world.alpha, "admin") as conn:
        for table in HIDDEN:
            assert refused(conn, f"SELECT * FROM {table}").sqlstate == "42501"
        # No password hash anywhere: the server keeps SCRAM verifiers, no table does.
        columns = conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND (column_name ~* 'pass|hash|secret|key$' OR table_name = 'staff_user')"
        ).fetchall()
        assert not [c for c in columns if any(w in c[1] for w in ("pass", "hash", "secret"))], columns


# -- nothing a staff role can read signs tickets or pays into the shop --------------------------------------


def _everything_readable(conn: psycopg.Connection) -> str:
    return "\n".join(
        str(r[0])
        for table in READABLE
        for r in conn.execute(sql.SQL("SELECT to_jsonb(t)::text FROM {} t").format(sql.Identifier(table)))
    )


@pytest.mark.parametrize("user", ["cashier", "accountant", "admin"])
def test_no_readable_value_holds_the_signing_key_or_the_shop_key(world, user, unchanged):
    with world.owner() as owner:
        key = owner.execute(
            "SELECT value FROM tenant_secret WHERE tenant_id = %s AND name = 'tickets.signing_key'", (world.alpha.id,)
        ).fetchone()[0]
    forms = {bytes(key).hex(), bytes(key).hex().upper(), YOOKASSA_KEY}
    import base64

    forms |= {base64.b64encode(bytes(key)).decode(), base64.b32encode(bytes(key)).decode().rstrip("=")}
    with world.psql(world.alpha, user) as conn:
        dump = _everything_readable(conn)
        assert len(dump) > 1000  # the positive control: there is plenty to read
        for form in forms:
            assert form not in dump


def test_the_shop_key_goes_only_to_a_seller(world, unchanged):
    with world.psql(world.alpha, "accountant") as conn:
        err = refused(conn, "SELECT * FROM bo_yookassa_credentials()")
        assert err.sqlstate == "BO010" and json.loads(err.diag.message_detail)["permission"] == "sell"
    with world.psql(world.alpha, "cashier") as conn:
        (shop, key, url) = conn.execute("SELECT * FROM bo_yookassa_credentials()").fetchone()
        assert key == YOOKASSA_KEY + world.alpha.slug and url.startswith("https://")  # their own shop only


def test_a_forged_or_foreign_ticket_never_scans_valid(world, unchanged):
    from boxoffice_desktop.services.ticket_codes import TicketClaims, parse_ticket, sign_ticket

    alpha, beta = world.alpha, world.beta
    real = parse_ticket(world.codes[alpha.slug]).claims
    with world.psql(alpha, "cashier") as conn:
        assert (
            conn.execute("SELECT status FROM bo_ticket_check(%s)", (world.codes[alpha.slug],)).fetchone()[0] == "valid"
        )
        # What a staff member could sign with: any value they can read is no key (the whole dump, the feed
        # channel, the tenant's own fields), nor a guess.
        guesses = [
            b"\x00" * 32,
            alpha.slug.encode() * 4,
            conn.execute("SELECT bo_feed_channel()").fetchone()[0].encode(),
        ]
        for guess in guesses:
            forged = sign_ticket(
                alpha.slug,
                guess.ljust(32, b"\x00"),
                TicketClaims(real.order_code, real.order_item_id, real.event_id, real.seat_guid, real.serial),
            )
            status, reason = conn.execute("SELECT status, reason FROM bo_ticket_check(%s)", (forged,)).fetchone()
            assert (status, reason) == ("invalid", "bad_signature")
        # Beta's genuine ticket is not valid at alpha's door.
        assert conn.execute("SELECT status, reason FROM bo_ticket_check(%s)", (world.codes[beta.slug],)).fetchone() == (
            "invalid",
            "other_tenant",
        )


# -- writes go through the server's own code ----------------------------------------------------------------

WRITES = {
    "orders": [
        "UPDATE orders SET total = 0",
        "UPDATE orders SET status = 'CANCELLED'",
        "DELETE FROM orders",
        "INSERT INTO orders (tenant_id, code, event_id, status, total, payment_method, station) "
        "VALUES ({alpha}, 'FAKE0001', {event}, 'PAID', 0, 'cash', 'x')",
        "INSERT INTO orders (tenant_id, code, event_id, status, total, payment_method, station) "
        "VALUES ({beta}, 'FAKE0002', {event}, 'PAID', 0, 'cash', 'x')",
    ],
    "payment": [
        "UPDATE payment SET amount = 0",
        "DELETE FROM payment",
        "INSERT INTO payment (tenant_id, order_id, provider, status, amount) "
        "VALUES ({alpha}, {order}, 'cash', 'SUCCEEDED', 1)",
    ],
    "order_item": [
        "UPDATE order_item SET price = 0",
        "UPDATE order_item SET ticket_serial = ticket_serial + 1",
        "DELETE FROM order_item",
    ],
    "refund": ["INSERT INTO refund (tenant_id, payment_id, order_id, amount) VALUES ({alpha}, 1, {order}, 1)"],
    "order_log": [
        "INSERT INTO order_log (tenant_id, action, actor) VALUES ({alpha}, 'order.paid', 'someone else')",
        "UPDATE order_log SET actor = 'nobody'",
        "DELETE FROM order_log",
        "TRUNCATE order_log",
    ],
    "staff_user": [
        "UPDATE staff_user SET role = 'admin'",
        "UPDATE staff_user SET active = true",
        "INSERT INTO staff_user (tenant_id, username, role) VALUES ({alpha}, 'mole', 'admin')",
    ],
    "tenant": [
        "UPDATE tenant SET settings = '{{}}', branding = '{{}}'",
        "UPDATE tenant SET name = 'Taken over'",
        "INSERT INTO tenant (slug, name) VALUES ('rogue', 'Rogue')",
    ],
    "event_price": [
        "UPDATE event_price SET price = 1",
        "INSERT INTO event_price (tenant_id, event_id, category, price_type_id, price) "
        "VALUES ({alpha}, {event}, 'Front', 1, 1)",
    ],
    "event": ["UPDATE event SET sale_state = 'closed'", "DELETE FROM event"],
    "event_seat": ["UPDATE event_seat SET block_kind = NULL", "UPDATE event_seat SET category = 'Front'"],
    "seatmap": ["UPDATE seatmap SET document = '{{}}'", "UPDATE seatmap SET status = 'draft'", "DELETE FROM seatmap"],
    "venue": ["INSERT INTO venue (tenant_id, name) VALUES ({alpha}, 'Annex')", "UPDATE venue SET name = 'x'"],
    "customer": [
        "UPDATE customer SET email = 'thief@example.test'",
        "DELETE FROM customer",
        "INSERT INTO customer (tenant_id, name) VALUES ({alpha}, 'x')",
    ],
    "hold": ["UPDATE hold SET expires_at = now() + interval '1 year'", "DELETE FROM hold"],
    "seat_lock": [
        "UPDATE seat_lock SET status = 'RELEASED'",
        "INSERT INTO seat_lock (tenant_id, hold_id, event_id, event_seat_id, expires_at) "
        "VALUES ({alpha}, 1, {event}, 1, now())",
    ],
    "cash_shift": ["UPDATE cash_shift SET opening_float = 1000000", "DELETE FROM cash_shift"],
    "price_type": ["UPDATE price_type SET name = 'full' WHERE name = 'child'"],
    "tenant_secret": [
        "UPDATE tenant_secret SET value = 'x'",
        "INSERT INTO tenant_secret (tenant_id, name, value) VALUES ({alpha}, 'tickets.signing_key', 'x')",
    ],
    "staff_login": ["INSERT INTO staff_login VALUES ('x.y', {beta}, 1)", "UPDATE staff_login SET tenant_id = {beta}"],
    "role_permission": [
        "INSERT INTO role_permission VALUES ('cashier', 'manage_staff')",
        "DELETE FROM role_permission",
    ],
}


@pytest.mark.parametrize("user", ["cashier", "admin"])
@pytest.mark.parametrize("table", sorted(WRITES))
def test_direct_writes_are_refused_even_for_an_administrator(world, table, user, unchanged):
    names = {
        "alpha": world.alpha.id,
        "beta": world.beta.id,
        "event": world.events[world.alpha.slug],
        "order": world.orders[world.alpha.slug],
    }
    with world.psql(world.alpha, user) as conn:
        for statement in WRITES[table]:
            err = refused(conn, statement.format(**names))
            assert err.sqlstate == "42501", (statement, err)


def test_cash_fraud_leaves_the_drawer_and_the_journal_as_they_were(world):
    with sign_in(world.db.target, world.alpha.slug, "cashier", station="fraud-till") as bo:
        bo.open_shift(Decimal("100.00"))
        ev = world.events[world.alpha.slug]
        free = [s.id for s in bo.seats(ev) if s.state == "free"][:1]
        order = bo.sell(bo.hold(ev, free).id)
        with world.owner() as owner:
            shift = owner.execute("SELECT shift_id FROM orders WHERE id = %s", (order.id,)).fetchone()[0]
            expected = owner.execute(
                "SELECT bo_shift_figures(%s, %s) ->> 'expected_cash'", (world.alpha.id, shift)
            ).fetchone()[0]
        with world.psql(world.alpha, "cashier") as conn:
            for statement in (
                f"UPDATE orders SET total = 0 WHERE id = {order.id}",
                f"DELETE FROM payment WHERE order_id = {order.id}",
                f"DELETE FROM orders WHERE id = {order.id}",
                f"UPDATE payment SET amount = 0 WHERE order_id = {order.id}",
            ):
                assert refused(conn, statement).sqlstate == "42501"
        with world.owner() as owner:
            after = owner.execute(
                "SELECT bo_shift_figures(%s, %s) ->> 'expected_cash'", (world.alpha.id, shift)
            ).fetchone()[0]
        assert after == expected == str(Decimal("100.00") + order.total)
        report = bo.close_shift(Decimal(expected))
        assert report.difference == 0


# -- what a cashier's role may not do, by the server's word ----------------------------------------------------

CASHIER_MAY_NOT = [
    ("manage_staff", "SELECT bo_staff_set_role('cashier', 'admin')"),
    ("manage_staff", "SELECT bo_staff_set_role('manager', 'cashier')"),
    ("manage_staff", "SELECT * FROM bo_staff_create('mole', 'admin', '', 'SCRAM-SHA-256$4096:AAAA$AAAA:AAAA')"),
    ("manage_staff", "SELECT bo_staff_disable('admin')"),
    ("manage_staff", "SELECT bo_staff_password('admin', 'SCRAM-SHA-256$4096:AAAA$AAAA:AAAA')"),
    ("manage_settings", 'SELECT bo_settings_update(\'{{"mock_scenario": "success"}}\')'),
    ("manage_settings", 'SELECT bo_branding_update(\'{{"display_name": "Mine now"}}\')'),
    ("manage_settings", "SELECT bo_yookassa_configure('my-shop', 'my-key', 'https://evil.example/v3/')"),
    ("manage_events", "SELECT bo_event_create('Mine', 1, now(), '[]')"),
    ("manage_events", "SELECT * FROM bo_event_move({event}, 1, '[]')"),
    (
        "edit_seatmaps",
        "SELECT bo_seatmap_save(NULL, 'x', 'x', '{{}}', '{{\"categories\": [], \"seats\": []}}', 0, 0, 0)",
    ),
    ("edit_seatmaps", "SELECT bo_seatmap_publish(1)"),
    ("block_seats", "SELECT bo_seats_block({event}, ARRAY[1]::bigint[], 'closed', 'mine')"),
    ("sell_house_seats", "SELECT * FROM bo_hold({event}, ARRAY[1]::bigint[], 60, true)"),
]


@pytest.mark.parametrize("permission, statement", CASHIER_MAY_NOT)
def test_a_cashier_may_not_raise_their_role_or_change_prices_maps_settings_or_staff(
    world, permission, statement, unchanged
):
    with world.psql(world.alpha, "cashier") as conn:
        err = refused(conn, statement.format(event=world.events[world.alpha.slug]))
        assert err.sqlstate == "BO010"
        assert json.loads(err.diag.message_detail) == {"role": "cashier", "permission": permission}


def test_owner_functions_and_internal_helpers_are_not_callable_by_staff(world, unchanged):
    with world.psql(world.alpha, "admin") as conn:
        for statement in (
            "SELECT bo_tenant_create('rogue', 'Rogue')",
            "SELECT bo_log(bo_caller(), 'order.paid')",
            "SELECT bo_notify_seats(1, 1, NULL)",
            "SELECT bo_ticket_key(1)",
            "SELECT bo_ticket_sign('x', '\\x00'::bytea, 1, 1, 1, 'A', NULL)",
            "SELECT bo_secret(1, 'yookassa.secret_key')",
            "SELECT bo_hold_convert(bo_caller(), NULL::hold)",
        ):
            assert refused(conn, statement).sqlstate == "42501", statement


def test_rows_cannot_be_locked_to_stall_the_counter(world, unchanged):
    # FOR UPDATE/SHARE need UPDATE: a staff role cannot sit on orders or seats to make others wait.
    with world.psql(world.alpha, "cashier") as conn:
        for clause in ("FOR UPDATE", "FOR SHARE", "FOR KEY SHARE"):
            for table in ("orders", "hold", "seat_lock", "cash_shift", "tenant"):
                assert refused(conn, f"SELECT 1 FROM {table} {clause}").sqlstate == "42501", (table, clause)
        with conn.transaction():
            assert refused(conn, "LOCK TABLE orders IN EXCLUSIVE MODE").sqlstate == "42501"


def test_another_tenants_things_are_out_of_reach_of_the_servers_functions(world, unchanged):
    beta = world.beta
    with world.psql(world.alpha, "admin") as conn:
        (beta_seat,) = conn.execute("SELECT 1").fetchone()  # alpha cannot even learn beta's seat ids
        with world.owner() as owner:
            beta_seat = owner.execute("SELECT id FROM event_seat WHERE tenant_id = %s LIMIT 1", (beta.id,)).fetchone()[
                0
            ]
            beta_payment = owner.execute("SELECT id FROM payment WHERE tenant_id = %s LIMIT 1", (beta.id,)).fetchone()[
                0
            ]
            beta_hold = owner.execute("SELECT id FROM hold WHERE tenant_id = %s LIMIT 1", (beta.id,)).fetchone()[0]
        beta_event, beta_order = world.events[beta.slug], world.orders[beta.slug]
        for statement in (
            f"SELECT * FROM bo_hold({beta_event}, ARRAY[{beta_seat}]::bigint[], 60)",
            f"SELECT bo_sell({beta_hold}, 'cash')",
            f"SELECT bo_hold_release({beta_hold})",
            f"SELECT * FROM bo_ticket_codes({beta_order})",
            f"SELECT bo_online_paid({beta_order}, {beta_payment})",
            f"SELECT bo_seats_block({beta_event}, ARRAY[{beta_seat}]::bigint[], 'closed', 'x')",
            f"SELECT * FROM bo_event_move({beta_event}, 1, '[]')",
        ):
            err = refused(conn, statement)
            assert err.sqlstate == "BO004", (statement, err)
        # A seat of beta's in an alpha event: named as not of this event.
        err = refused(
            conn, f"SELECT * FROM bo_hold({world.events[world.alpha.slug]}, ARRAY[{beta_seat}]::bigint[], 60)"
        )
        assert err.sqlstate == "BO008" and json.loads(err.diag.message_detail)["seats"] == [beta_seat]


def test_a_staff_role_creates_nothing_of_its_own_in_the_database(world, unchanged):
    with world.psql(world.alpha, "admin") as conn:
        for statement in (
            "CREATE TEMP TABLE staff_user (id int)",
            "CREATE TABLE public.orders_copy (id int)",
            "CREATE FUNCTION public.bo_tenant() RETURNS bigint LANGUAGE sql AS 'SELECT 1::bigint'",
            "CREATE VIEW public.v AS SELECT 1",
            "CREATE SCHEMA mine",
        ):
            assert refused(conn, statement).sqlstate == "42501", statement


# -- no side channels -------------------------------------------------------------------------------------------


def test_advisory_lock_functions_are_not_executable_by_staff(world, unchanged):
    with world.psql(world.alpha, "cashier") as conn:
        names = conn.execute(
            "SELECT p.oid::regprocedure::text FROM pg_proc p WHERE p.pronamespace = 'pg_catalog'::regnamespace "
            "AND p.proname LIKE 'pg%%advisory%%'"
        ).fetchall()
        assert len(names) >= 16
        for (fn,) in names:
            assert conn.execute("SELECT has_function_privilege(%s, 'EXECUTE')", (fn,)).fetchone()[0] is False, fn
        sweeper_of_beta = (3 << 56) | world.beta.id
        for statement in (
            f"SELECT pg_advisory_lock({sweeper_of_beta})",
            f"SELECT pg_try_advisory_lock({sweeper_of_beta})",
            "SELECT pg_advisory_xact_lock(1)",
            "SELECT pg_advisory_lock_shared(2, 3)",
        ):
            assert refused(conn, statement).sqlstate == "42501", statement
    # The server's election still works for the tenant's own sweeper.
    with world.psql(world.beta, "cashier") as conn:
        assert conn.execute("SELECT bo_sweeper_elect()").fetchone()[0] is True


def test_another_tenants_feed_cannot_be_found_or_heard(world):
    alpha, beta = world.alpha, world.beta
    with world.owner() as owner:
        beta_channel = owner.execute("SELECT feed_channel FROM tenant WHERE id = %s", (beta.id,)).fetchone()[0]
    with world.psql(alpha, "cashier") as eavesdropper:
        own = eavesdropper.execute("SELECT bo_feed_channel()").fetchone()[0]
        assert own != beta_channel and len(own) >= 32
        assert beta_channel not in _everything_readable(eavesdropper)
        # Every name alpha could guess from before: the old per-id channel, and its own.
        for channel in (f"seats_{beta.id}", f"seats_{alpha.id}", own):
            eavesdropper.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
        with sign_in(world.db.target, beta.slug, "cashier", station="beta-till") as bo:
            ev = world.events[beta.slug]
            free = [s.id for s in bo.seats(ev) if s.state == "free"][:1]
            hold = bo.hold(ev, free)
            bo.release(hold.id)
        heard = list(eavesdropper.notifies(timeout=1.0, stop_after=1))
        assert heard == [], "alpha heard beta's seats"
        # Positive control: alpha's own change is heard on alpha's channel.
        with sign_in(world.db.target, alpha.slug, "cashier", station="alpha-till") as bo:
            ev = world.events[alpha.slug]
            free = [s.id for s in bo.seats(ev) if s.state == "free"][:1]
            bo.release(bo.hold(ev, free).id)
        mine = list(eavesdropper.notifies(timeout=5.0, stop_after=1))
        assert mine and mine[0].channel == own and set(json.loads(mine[0].payload)) == {"e", "s"}


# -- signing in ----------------------------------------------------------------------------------------------


def test_the_facade_signs_in_only_with_a_password(world, db_url):
    with pytest.raises(AuthenticationFailed):
        BoxOffice.connect(db_url, tenant=world.beta.slug)
    with pytest.raises(AuthenticationFailed):
        BoxOffice.connect(db_url, tenant=world.beta.slug, user="admin")


def test_a_wrong_password_or_an_unknown_login_is_one_line(world, db_url):
    if trusts_passwords(world):
        pytest.skip(
            "this PostgreSQL trusts every local connection (CI's PostgreSQL 15): wrong passwords cannot be "
            "refused here; the embedded server, which asks SCRAM, proves it"
        )
    line = r"^Wrong organisation, user name or password\.$"
    for tenant, user, password in (
        (world.beta.slug, "admin", "not-the-password"),
        (world.beta.slug, "nobody", PASSWORD),
        ("no-such-venue", "admin", PASSWORD),
    ):
        with pytest.raises(AuthenticationFailed, match=line):
            BoxOffice.connect(db_url, tenant=tenant, user=user, password=password)


# -- role changes bite at once -------------------------------------------------------------------------------


def test_a_demoted_managers_open_session_is_refused_by_the_server(world, admin):
    slug = world.alpha.slug
    admin.create_user(slug, "floor", "manager", PASSWORD)
    ev = world.events[slug]
    with sign_in(world.db.target, slug, "floor") as manager:
        seat = [s.id for s in manager.seats(ev) if s.state == "free"][0]
        assert manager.block(ev, [seat], reason="technical") == 1
        admin.set_role(slug, "floor", "cashier")
        # The station still believes it is a manager: the refusal is the server's, on the open session.
        assert manager.actor.can(Permission.BLOCK_SEATS)
        with pytest.raises(PermissionDenied, match="cashier may not block"):
            manager.unblock(ev, [seat])
        with manager.db.connection() as conn:
            assert conn.exec_driver_sql("SELECT role FROM bo_whoami()").scalar() == "cashier"
        admin.set_role(slug, "floor", "manager")
        assert manager.unblock(ev, [seat]) == 1


def test_a_disabled_users_connections_are_gone_and_stay_gone(world, admin):
    slug = world.alpha.slug
    admin.create_user(slug, "leaver", "cashier", PASSWORD)
    login = f"{slug}.leaver"
    bo = sign_in(world.db.target, slug, "leaver", station="leaving")
    try:
        bo.start_background()
        assert bo.feed().wait_connected(10)
        with world.psql(world.alpha, "leaver") as raw:
            with world.owner() as owner:
                assert (
                    owner.execute("SELECT count(*) FROM pg_stat_activity WHERE usename = %s", (login,)).fetchone()[0]
                    >= 3
                )
            assert admin.disable_user(slug, "leaver") >= 3
            with pytest.raises(psycopg.OperationalError):
                raw.execute("SELECT 1")
        deadline = time.monotonic() + 10
        with world.owner() as owner:
            while owner.execute("SELECT count(*) FROM pg_stat_activity WHERE usename = %s", (login,)).fetchone()[0]:
                assert time.monotonic() < deadline, "a disabled user's connection is still there"
                time.sleep(0.1)
            assert owner.execute("SELECT rolcanlogin FROM pg_roles WHERE rolname = %s", (login,)).fetchone()[0] is False
        with pytest.raises(Exception):  # noqa: B017 - the pool's connection is gone and may not come back
            bo.events()
    finally:
        bo.close()
    with pytest.raises(AuthenticationFailed):
        sign_in(world.db.target, slug, "leaver")
