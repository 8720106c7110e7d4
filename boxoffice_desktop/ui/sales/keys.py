"""Every key of the counter, in one table: what it does, and the button that shows it in its tooltip.
(Enter for cash exact is the page's own; the map's zoom keys are the map's.)"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING

from boxoffice_desktop.counter.cart import type_words
from boxoffice_desktop.ui.kit.keys import KeyMap
from boxoffice_desktop.ui.sales.cart import PRICE_KEYS

if TYPE_CHECKING:
    from boxoffice_desktop.ui.sales.page import SalesPage

LEAD = "Every action of the counter has a key. After picking seats, a cash sale is Enter."


def bind_keys(page: SalesPage) -> KeyMap:
    k = KeyMap(page)
    pay, cart, best, top = page.pay_bar.buttons, page.cart_panel, page.best_panel, page.top_bar
    g = "Sale"
    k.note("Enter", "Cash, exact amount, print tickets (when the cart is full)", g)
    k.add("cash", "F8", "Cash: amount tendered, change due", lambda: page.checkout("cash"), g, button=pay["cash"])
    k.add("card", "F9", "Card on the counter terminal", lambda: page.checkout("card"), g, button=pay["card"])
    k.add(
        "yookassa", "F10", "YooKassa: payment link and QR code", lambda: page.checkout("yookassa"), g,
        button=pay["yookassa"],
    )  # fmt: skip
    k.add("mock", "Shift+F10", "Training payment (mock provider)", lambda: page.checkout("mock"), g, button=pay["mock"])
    k.add("customer", "F7", "Customer (optional): find or add", page.choose_customer, g, button=cart.customer_button)
    k.add("ticket_printer", "Ctrl+Alt+P", "Choose the ticket printer", lambda: page.printer.choose("tickets"), g)
    k.add("receipt_printer", "Ctrl+Alt+R", "Choose the receipt printer", lambda: page.printer.choose("receipts"), g)
    k.add("save_pdf", "Ctrl+Shift+S", "Save the last sale's tickets as PDF", page.printer.save_tickets_pdf, g)
    toggle = page.pay_bar.print_check
    k.add("print", "Ctrl+P", "Print tickets after payment: on or off", toggle.toggle, g, button=toggle)
    g = "Cart"
    for i, key in enumerate(PRICE_KEYS):
        k.add(f"type{i}", key, f"Price type {i + 1}: the next seat", partial(page.add_price_type, i), g)
        k.add(
            f"untype{i}", f"Shift+{key}", f"Price type {i + 1}: take one back",
            partial(page.session.remove_price_type, i), g,
        )  # fmt: skip
    k.add("best", "F5", "Best available: find seats", lambda: page.find_best(False), g, button=best.find_button)
    k.add(
        "next_best", "F6", "Next best: give the offer back, find the next", lambda: page.find_best(True), g,
        button=best.next_button,
    )  # fmt: skip
    k.add("quantity", "Ctrl+B", "Best available: the quantity field", best.focus_quantity, g)
    k.add("remove", "Delete", "Take the current cart line out (the seat goes back)", page.remove_current, g)
    k.add(
        "more_time", "Ctrl+T", "More time: hold the cart 15 more minutes", page.session.extend_hold, g,
        button=cart.more_time_button,
    )  # fmt: skip
    k.add(
        "release", "Ctrl+Shift+Backspace", "Release all the seats of the cart", page.release_all, g,
        button=cart.release_button,
    )  # fmt: skip
    k.add("cart", "Ctrl+L", "Go to the cart lines", cart.view.setFocus, g)
    g = "Screen"
    k.add("find", "Ctrl+F", "Find an order or scan a ticket", top.focus_scan, g)
    k.add("events", "Ctrl+E", "Search events by name or date", page.events_panel.focus_search, g)
    k.add("map", "Ctrl+M", "Go to the seatmap", page.seat_view.setFocus, g)
    k.note("+ / − / 0", "Seatmap: zoom in, out, whole plan (wheel zooms, middle button pans)", g)
    k.note("Drag", "Seatmap: a box around free seats takes them all (Alt: gives them back)", g)
    k.add("shortcuts", "Ctrl+/", "This list of keys", page.show_shortcuts, g, button=top.keys_button)
    g = "Shift"
    bar = top.shift_bar
    k.add("open_shift", "Ctrl+Shift+O", "Open the cash shift", bar.open_dialog, g)
    k.add("x_report", "Ctrl+Shift+X", "X report (the shift stays open)", bar.x_report, g)
    k.add("close_shift", "Ctrl+Shift+C", "Close the shift: count, Z report", bar.close_dialog, g)
    return k


def describe_price_types(keys: KeyMap, types: Sequence[str]) -> None:
    """F1..F4 say which price type they give, now that the event's prices are known."""
    for i, key in enumerate(PRICE_KEYS):
        words = type_words(types[i]) if i < len(types) else "(none)"
        keys.actions[f"type{i}"].setText(f"{words}: the next seat")
        keys.describe(key, f"{words}: the next seat in the cart")
        keys.describe(f"Shift+{key}", f"{words}: take one back")
