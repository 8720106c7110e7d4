"""The Reports area: today's sales previewed with totals by payment method, filtered by event, and exported
to an .xlsx through the file dialog (opened again with openpyxl)."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit

from boxoffice_desktop.errors import PermissionDenied
from boxoffice_desktop.ui.kit.formats import money
from boxoffice_desktop.ui.reports_page import ReportsPage
from tests.ui.conftest import demo_session, open_area

pytestmark = [pytest.mark.gui, pytest.mark.db]


@pytest.fixture(scope="module")
def sold(db, demo):
    """Three seats tonight (two cash, one card, a customer whose name looks like a formula) and one next week."""
    with demo_session(db, demo, "cashier", station="box-r") as bo:
        events = {e.name: e for e in bo.events()}
        tonight, later = events["The Nutcracker"], events["Swan Lake"]
        free = [s.id for s in bo.seats(tonight.id) if s.state == "free"]
        bo.open_shift(Decimal("0"))
        bo.sell(bo.hold(tonight.id, free[:2]).id, payment_method="cash", customer={"name": "=HYPERLINK(1)"})
        bo.sell(bo.hold(tonight.id, free[2:3]).id, payment_method="card")
        other = [s.id for s in bo.seats(later.id) if s.state == "free"][:1]
        bo.sell(bo.hold(later.id, other).id, payment_method="cash")
        return {"tonight": tonight, "later": later}


@pytest.fixture
def page(qtbot, session_factory, sold, idle):
    accountant = session_factory("office-r", "accountant", background=False)
    return open_area(qtbot, ReportsPage(accountant), idle, timeout=20_000)


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, widget.rect().center())


def test_preview_totals_and_event_filter(qtbot, page, sold, idle, qtmodeltester, artifacts_dir):
    qtmodeltester.check(page.model)
    assert page.model.rowCount() == 4
    lines = page.model.rows()
    assert page.total_tile.value.text() == money(sum(line.price for line in lines))
    methods = {t.name.text(): t.value.text() for t in page.method_tiles if t.isVisible()}
    assert methods == {
        "Cash": money(sum(line.price for line in lines if line.payment_method == "cash")),
        "Card": money(sum(line.price for line in lines if line.payment_method == "card")),
    }
    page.grab().save(str(artifacts_dir / "reports-today.png"))

    page.event_filter.setFocus()
    target = page.event_filter.findData(sold["tonight"].id)
    while page.event_filter.currentIndex() != target:
        qtbot.keyClick(page.event_filter, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: page.is_settled() and page.preview.period.event_id == sold["tonight"].id, timeout=20_000)
    idle()
    assert page.model.rowCount() == 3
    assert {line.event for line in page.model.rows()} == {"The Nutcracker"}


def test_export_to_excel_through_the_dialog(qtbot, page, sold, idle, tmp_path):
    click(qtbot, page.export_button)
    qtbot.waitUntil(lambda: isinstance(page.dialog, QFileDialog) and page.dialog.isVisible(), timeout=5000)
    dialog = page.dialog
    dialog.setDirectory(str(tmp_path))
    field = dialog.findChild(QLineEdit, "fileNameEdit")
    field.clear()
    qtbot.keyClicks(field, "sales-today")
    popup = QApplication.activePopupWidget()
    if popup is not None:
        qtbot.keyClick(popup, Qt.Key.Key_Escape)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: page.message.text().startswith("Exported"), timeout=30_000)
    idle()
    path = tmp_path / "sales-today.xlsx"
    assert str(path) in page.message.text()
    book = openpyxl.load_workbook(path)
    sheet = book["Sales"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 4
    assert {r[0] for r in rows} == {line.order_code for line in page.model.rows()}
    assert "'=HYPERLINK(1)" in {r[11] for r in rows}, "customer text is never a formula"
    summary = list(book["Summary"].iter_rows(values_only=True))
    assert summary[-1][0] == "Total" and summary[-1][2] == 4


def test_the_service_refuses_a_cashier(session_factory, sold):
    cashier = session_factory("box-r2", "cashier", background=False)
    with pytest.raises(PermissionDenied):
        cashier.export_sales("/tmp/never.xlsx")
