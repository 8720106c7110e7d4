"""Cash shifts (float, X report, count, Z report) and tickets (signed codes, reprints, checks)."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from boxoffice_desktop import BoxOfficeError, InvalidInput
from tests.staff import add_tenant, sign_in

pytestmark = pytest.mark.db

REPO = Path(__file__).resolve().parents[2]


def _free(office, event_id, n, category="Front"):
    return [s.id for s in office.seats(event_id) if s.state == "free" and s.category == category][:n]


def test_cash_and_card_need_an_open_shift_at_the_station(db, tenant, event_id, bo):
    with sign_in(db.target, tenant.slug, "cashier", station="till-without-shift") as office:
        hold = office.hold(event_id, _free(office, event_id, 1))
        with pytest.raises(BoxOfficeError, match="Open a cash shift at till-without-shift"):
            office.sell(hold.id)
        assert next(s for s in office.seats(event_id) if s.id == hold.seat_ids[0]).state == "held"
        office.open_shift("100.00")
        assert office.sell(hold.id).status == "PAID"
        with pytest.raises(BoxOfficeError, match="already open"):
            office.open_shift(0)


def test_a_shift_from_float_to_z_report(db, tenant, event_id):
    with sign_in(db.target, tenant.slug, "cashier", station="till-z") as till:
        till.open_shift(Decimal("500.00"))
        a = till.sell(till.hold(event_id, _free(till, event_id, 2)).id, tendered=Decimal("250.00"))
        assert a.total == Decimal("200.00") and a.change == Decimal("50.00")
        b = till.sell(till.hold(event_id, _free(till, event_id, 1, "Back")).id, payment_method="card")
        assert b.total == Decimal("50.00")
        x = till.x_report()
        assert x.kind == "X" and x.totals == {"card": Decimal("50.00"), "cash": Decimal("200.00")}
        assert x.orders == 2 and x.tickets == 3
        assert x.expected_cash is None, "a cashier counts blind"
        with pytest.raises(InvalidInput, match="short: give a reason"):
            till.close_shift(Decimal("690.00"))
        z = till.close_shift(Decimal("690.00"), reason="change given twice")
        assert z.kind == "Z" and z.expected_cash == Decimal("700.00")
        assert z.counted_cash == Decimal("690.00") and z.difference == Decimal("-10.00")
        assert z.difference_reason == "change given twice" and z.closed_at is not None
        assert till.current_shift() is None
        with pytest.raises(BoxOfficeError, match="Open a cash shift"):
            till.sell(till.hold(event_id, _free(till, event_id, 1)).id)
    with db.engine.connect() as conn:
        actions = (
            conn.execute(
                text(
                    "SELECT action FROM order_log WHERE tenant_id = :t AND station = 'till-z' "
                    "AND action LIKE 'shift.%' ORDER BY id"
                ),
                {"t": tenant.id},
            )
            .scalars()
            .all()
        )
        stored = conn.execute(
            text("SELECT z_report->>'difference' FROM cash_shift WHERE tenant_id = :t AND station = 'till-z'"),
            {"t": tenant.id},
        ).scalar()
    assert actions == ["shift.opened", "shift.x_report", "shift.closed"]
    assert stored == "-10.00"


def test_a_manager_sees_the_expected_cash(bo):
    x = bo.x_report()
    assert x.expected_cash is not None


def test_negative_floats_are_refused(db, tenant):
    with (
        sign_in(db.target, tenant.slug, "cashier", station="till-neg") as office,
        pytest.raises(InvalidInput, match="cannot be negative"),
    ):
        office.open_shift(-5)


def test_ticket_codes_verify_and_a_reprint_voids_the_old_code(bo, event_id):
    order = bo.sell(bo.hold(event_id, _free(bo, event_id, 2)).id)
    tickets = bo.tickets(order.id)
    assert len(tickets) == 2 and {t.item_id for t in tickets} == {i.id for i in order.items}
    first = tickets[0]
    assert first.event_name == "Concert" and first.price == Decimal("100.00") and first.price_type
    check = bo.verify_ticket(first.code)
    assert check.valid and first.label in check.message
    again = bo.reissue_ticket(first.item_id)
    assert again.code != first.code and again.serial == first.serial + 1
    old = bo.verify_ticket(first.code)
    assert old.status == "void" and "reprinted" in old.message
    assert bo.verify_ticket(again.code).valid
    # One character altered anywhere in the signed part: invalid.
    body = again.code
    pos = len(body) // 2
    forged = body[:pos] + ("A" if body[pos] != "A" else "B") + body[pos + 1 :]
    assert bo.verify_ticket(forged).status == "invalid"
    assert bo.verify_ticket("not a ticket").status == "invalid"


def test_a_code_of_another_organisation_is_invalid_here(db, bo, event_id):
    from datetime import datetime, timedelta

    from tests.plans import grid_plan

    elsewhere = add_tenant(db, "elsewhere", title="Elsewhere")
    with sign_in(db.target, elsewhere.slug, "admin", station="e1") as other:
        other.open_shift(0)
        sm = other.import_seatmap(grid_plan(1, 2, guid_prefix="el"))
        ev = other.create_event("E", sm, datetime.now(UTC) + timedelta(days=1), {"Front": 1, "Back": 1})
        order = other.sell(other.hold(ev, [other.seats(ev)[0].id]).id)
        code = other.tickets(order.id)[0].code
        assert other.verify_ticket(code).valid
    assert bo.verify_ticket(code).status == "invalid"


def test_the_cli_verifies_ticket_codes(db_url, bo, event_id):
    order = bo.sell(bo.hold(event_id, _free(bo, event_id, 1, "Back")).id)
    code = bo.tickets(order.id)[0].code

    def verify(c: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "boxoffice_desktop.cli.admin", "ticket", "verify", c, "--database-url", db_url],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
        )

    ok = verify(code)
    assert ok.returncode == 0 and ok.stdout.startswith("VALID"), ok.stderr
    bad = verify(code[:-3] + ("AAA" if not code.endswith("AAA") else "BBB"))
    assert bad.returncode == 1 and bad.stdout.startswith("INVALID") and "Traceback" not in bad.stderr


def test_finding_orders_and_customers(bo, event_id):
    order = bo.sell(
        bo.hold(event_id, _free(bo, event_id, 1)).id, customer={"name": "Pavel Petrov", "phone": "+7 (912) 000-11-22"}
    )
    assert bo.find_order(order.code).id == order.id
    assert bo.find_order(order.code.lower()).id == order.id
    assert bo.find_order(bo.tickets(order.id)[0].code).id == order.id
    with pytest.raises(BoxOfficeError, match="No order"):
        bo.find_order("NOSUCH00")
    (found,) = [c for c in bo.customers("912000") if c.name == "Pavel Petrov"]
    assert found.phone == "+7 (912) 000-11-22"
    assert any(c.name == "Pavel Petrov" for c in bo.customers("petrov"))
    listed = bo.orders(query="pavel")
    assert [o.code for o in listed] == [order.code]
    assert listed[0].customer == "Pavel Petrov" and listed[0].seats == 1
    assert bo.orders(query=order.code)[0].id == order.id


def test_orders_are_found_by_the_phone_digits(bo, event_id):
    order = bo.sell(bo.hold(event_id, _free(bo, event_id, 1, "Back")).id, customer={"phone": "+7 912 555-01-02"})
    assert [o.id for o in bo.orders(query="9125550102")] == [order.id]
    assert bo.orders(query="0000000000") == []


def test_codes_printed_before_the_server_signed_them_keep_verifying(db, tenant, bo, event_id):
    # Earlier versions signed in Python with the same key (now readable by the owner only): such paper
    # still admits, and the server's own codes are byte for byte what Python made.
    from sqlalchemy import text as sql_text

    from boxoffice_desktop.services.ticket_codes import TicketClaims, sign_ticket

    order = bo.sell(bo.hold(event_id, _free(bo, event_id, 1)).id)
    (ticket,) = bo.tickets(order.id)
    with db.engine.connect() as conn:
        key = conn.execute(
            sql_text("SELECT value FROM tenant_secret WHERE tenant_id = :t AND name = 'tickets.signing_key'"),
            {"t": tenant.id},
        ).scalar_one()
        guid = conn.execute(
            sql_text("SELECT s.guid FROM order_item i JOIN event_seat s ON s.id = i.event_seat_id WHERE i.id = :i"),
            {"i": ticket.item_id},
        ).scalar_one()
    printed = sign_ticket(tenant.slug, bytes(key), TicketClaims(order.code, ticket.item_id, event_id, guid, 1))
    assert printed == ticket.code
    assert bo.verify_ticket(printed).valid
