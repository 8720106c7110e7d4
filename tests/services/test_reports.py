"""The accountant's sales export: right figures, money as numbers, and customer text never a formula."""

from __future__ import annotations

from decimal import Decimal

import pytest
from openpyxl import load_workbook

from boxoffice_desktop import PermissionDenied
from boxoffice_desktop.services import reports
from tests.staff import sign_in

pytestmark = pytest.mark.db


def test_the_export_adds_up_and_escapes_customer_text(db, bo, tenant, event_id, tmp_path):
    free = [s.id for s in bo.seats(event_id) if s.state == "free" and s.category == "Front"][:2]
    bo.sell(bo.hold(event_id, free).id, customer={"name": '=HYPERLINK("http://evil","x")', "email": "e@x.test"})
    back = [s.id for s in bo.seats(event_id) if s.state == "free" and s.category == "Back"][:1]
    bo.sell(bo.hold(event_id, back).id, payment_method="card", customer={"name": "@SUM(A1:A9)"})
    path = tmp_path / "sales.xlsx"
    count = reports.export_sales_xlsx(db, bo.actor, path, event_id=event_id)
    assert count == 3
    book = load_workbook(path)
    sheet = book["Sales"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 3
    customers = {r[11] for r in rows}
    assert customers == {'\'=HYPERLINK("http://evil","x")', "'@SUM(A1:A9)"}
    assert all(cell.data_type == "s" for cell in sheet["L"][1:])
    assert sum(Decimal(str(r[7])) for r in rows) == Decimal("250.00")
    total = list(book["Summary"].iter_rows(values_only=True))[-1]
    assert total[0] == "Total" and total[2] == 3 and Decimal(str(total[3])) == Decimal("250.00")


def test_safe_cell():
    assert reports.safe_cell("-1+2") == "'-1+2"
    assert reports.safe_cell("Anna") == "Anna"
    assert reports.safe_cell(Decimal("5")) == Decimal("5")


def test_a_cashier_may_not_export(db, tenant, tmp_path):
    with (
        sign_in(db.target, tenant.slug, "cashier") as c,
        pytest.raises(PermissionDenied, match="export reports"),
    ):
        reports.export_sales_xlsx(db, c.actor, tmp_path / "x.xlsx")
