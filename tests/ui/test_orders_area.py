"""The Orders area: the table (checked with qtmodeltester), searching by name and by a scanned ticket, an
order in full, reissuing a ticket (the old code is void at once, checked with ``bo.verify_ticket``), checking
a pending online payment, and an accountant who may look but not reissue."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from boxoffice_desktop.errors import PermissionDenied
from boxoffice_desktop.ui.kit.asking import choice_button
from boxoffice_desktop.ui.orders.detail import ReissuedDialog
from boxoffice_desktop.ui.orders.page import OrdersPage
from boxoffice_desktop.ui.printing.tickets import pages_in_pdf, pdf_printer
from tests.ui.conftest import demo_session, open_area

pytestmark = [pytest.mark.gui, pytest.mark.db]

ANNA = {"name": "Anna Petrova", "email": "anna.petrova@example.org", "phone": "+7 912 555-01-02"}


@pytest.fixture(scope="module")
def sales(db, demo):
    """Orders of the module: two counter sales (one with a customer) and a pending online one."""
    with demo_session(db, demo, "admin", station="box-2") as bo:
        event = next(e for e in bo.events() if e.name == "Swan Lake")
        free = [s.id for s in bo.seats(event.id) if s.state == "free"]
        bo.open_shift(Decimal("0"))
        anna = bo.sell(bo.hold(event.id, free[:2]).id, payment_method="cash", customer=ANNA)
        quick = bo.sell(bo.hold(event.id, free[2:3]).id, payment_method="card")
        bo.configure_mock("success")  # pending when made, paid at the first question
        online = bo.sell(bo.hold(event.id, free[3:5]).id, payment_method="mock", customer={"email": "x@example.org"})
        bo.close_shift(bo.x_report().expected_cash or Decimal("0"), reason="test")
        return {"anna": anna, "quick": quick, "online": online}


def make_page(qtbot, bo, idle) -> OrdersPage:
    return open_area(qtbot, OrdersPage(bo), idle, timeout=30_000)


def click(qtbot, widget, pos=None):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos or widget.rect().center())


def type_search(qtbot, page, text: str, idle) -> None:
    page.search_field.clear()
    qtbot.keyClicks(page.search_field, text)
    qtbot.keyClick(page.search_field, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: page.is_settled() and page.result is not None and page.result.query == text.strip(), timeout=20_000
    )
    idle()


def click_row(qtbot, table, row: int) -> None:
    rect = table.visualRect(table.model().index(row, 1))
    click(qtbot, table.viewport(), rect.center())


def test_search_detail_and_reissue(qtbot, session_factory, sales, idle, artifacts_dir, qtmodeltester, tmp_path):
    cashier = session_factory("box-3", "cashier", background=False)
    page = make_page(qtbot, cashier, idle)
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)
    codes = {r.code for r in page.model.rows()}
    assert {sales["anna"].code, sales["quick"].code, sales["online"].code} <= codes

    # -- search by name: one order, shown in full ------------------------------------------------------
    type_search(qtbot, page, "petrova", idle)
    assert [r.code for r in page.model.rows()] == [sales["anna"].code]
    qtbot.waitUntil(lambda: page.pane.detail is not None, timeout=10_000)
    pane = page.pane
    assert pane.code.text() == sales["anna"].code
    assert "Anna Petrova" in pane.customer.text() and "+7 912 555-01-02" in pane.customer.text()
    assert pane.status_pill.text() == "Paid"
    assert pane.items.rowCount() == 2
    qtmodeltester.check(pane.items)
    actions = [r.action for r in pane.journal.rows()]
    assert "order.paid" in actions
    page.grab().save(str(artifacts_dir / "orders-detail.png"))

    # -- search by e-mail and by phone digits find the same order --------------------------------------
    type_search(qtbot, page, "anna.petrova@", idle)
    assert [r.code for r in page.model.rows()] == [sales["anna"].code]

    # -- reissue the second seat's ticket: the old code is void at once --------------------------------
    old = {t.item_id: t for t in cashier.tickets(sales["anna"].id)}
    click_row(qtbot, pane.items_table, 1)
    item = pane.selected_item()
    assert item is not None and item.state == "sold"
    old_code = old[item.id].code
    assert cashier.verify_ticket(old_code).status == "valid"
    assert pane.reissue_button.isEnabled()
    click(qtbot, pane.reissue_button)
    qtbot.waitUntil(lambda: isinstance(page.dialog, QMessageBox), timeout=5000)
    click(qtbot, choice_button(page.dialog, "reissue"))
    qtbot.waitUntil(lambda: isinstance(page.dialog, ReissuedDialog), timeout=20_000)
    idle()
    dialog = page.dialog
    new_code = dialog.ticket.code
    assert new_code != old_code and dialog.code.text() == new_code
    assert cashier.verify_ticket(old_code).status == "void"
    assert cashier.verify_ticket(new_code).status == "valid"
    assert "void" in page.message.text()
    qtbot.waitUntil(lambda: pane.selected_item() is not None and pane.selected_item().state_words == "Print 2")
    assert any(r.action == "ticket.reissued" for r in pane.journal.rows())
    dialog.grab().save(str(artifacts_dir / "orders-reissued.png"))

    # -- print it (to a PDF printer, as chosen once for this station) ----------------------------------
    from boxoffice_desktop.ui.printing.service import PrintService

    page.printing = PrintService(page)
    pdf = tmp_path / "reprint.pdf"
    page.printing.ticket_printer = pdf_printer(str(pdf))
    click(qtbot, dialog.print_button)
    qtbot.waitUntil(lambda: "sent to the printer" in page.message.text(), timeout=10_000)
    assert pages_in_pdf(pdf.read_bytes()) == 1
    click(qtbot, dialog.close_button)

    # -- a scanned ticket finds its order and says whether it admits -----------------------------------
    type_search(qtbot, page, old_code, idle)
    assert page.selected() is not None and page.selected().code == sales["anna"].code
    assert "VOID" in page.message.text()
    type_search(qtbot, page, new_code, idle)
    assert "VALID" in page.message.text()
    page.grab().save(str(artifacts_dir / "orders-scanned.png"))


def test_check_a_pending_online_payment(qtbot, session_factory, sales, idle):
    cashier = session_factory("box-4", "cashier", background=False)
    page = make_page(qtbot, cashier, idle)
    code = sales["online"].code
    type_search(qtbot, page, code, idle)
    qtbot.waitUntil(lambda: page.pane.detail is not None and page.pane.detail.order.code == code, timeout=10_000)
    assert page.pane.status_pill.text() == "Awaiting payment"
    assert page.pane.check_button.isVisible() and page.pane.check_button.isEnabled()
    click(qtbot, page.pane.check_button)
    qtbot.waitUntil(lambda: "is paid" in page.message.text(), timeout=20_000)
    qtbot.waitUntil(page.is_settled, timeout=20_000)
    idle()
    assert cashier.order(sales["online"].id).status == "PAID"
    assert page.pane.status_pill.text() == "Paid"
    assert not page.pane.check_button.isVisible()
    assert page.selected().status == "PAID"


def test_status_filter_and_an_accountant_who_may_only_look(qtbot, session_factory, sales, idle, artifacts_dir):
    accountant = session_factory("office", "accountant", background=False)
    page = make_page(qtbot, accountant, idle)
    page.status_filter.setCurrentIndex(page.status_filter.findData("PAID"))
    assert page.proxy.rowCount() >= 2
    assert all(
        page.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 2).status == "PAID" for r in range(page.proxy.rowCount())
    )
    page.status_filter.setCurrentIndex(0)
    type_search(qtbot, page, sales["quick"].code, idle)
    qtbot.waitUntil(lambda: page.pane.detail is not None, timeout=10_000)
    assert page.pane.customer.text().startswith("No customer")
    assert not page.pane.reissue_button.isEnabled()
    assert "may not sell" in page.pane.reissue_button.toolTip()
    assert page.pane.actions_note.isVisible()
    item = page.pane.detail.order.items[0]
    with pytest.raises(PermissionDenied):
        accountant.reissue_ticket(item.id)
    page.grab().save(str(artifacts_dir / "orders-accountant.png"))
