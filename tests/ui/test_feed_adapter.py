"""The Qt adapter of the seat feed: callbacks from the feed's thread become queued signals on the UI
thread, and a burst becomes one delivery."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from boxoffice_desktop.ui.feed_adapter import FeedAdapter

pytestmark = pytest.mark.gui


class FakeFeed:
    """The SeatFeed interface, driven by the test from a thread of its own."""

    def __init__(self) -> None:
        self.subscribers: list[Callable] = []
        self.status: list[Callable] = []
        self.connected = False

    def subscribe(self, cb):
        self.subscribers.append(cb)
        return lambda: self.subscribers.remove(cb)

    def on_status(self, cb):
        self.status.append(cb)
        return lambda: self.status.remove(cb)

    def send(self, event_id, seat_ids):
        for cb in list(self.subscribers):
            cb(event_id, seat_ids)

    def set_connected(self, connected: bool) -> None:
        self.connected = connected
        for cb in list(self.status):
            cb(connected)


def from_thread(fn: Callable[[], None]) -> None:
    """Run fn on another thread and wait for it WITHOUT running the event loop: everything it sends is
    pending before the UI thread sees any of it (a burst, deterministically)."""
    t = threading.Thread(target=fn)
    t.start()
    t.join(10)


def test_a_burst_becomes_one_delivery_on_the_ui_thread(qtbot):
    feed = FakeFeed()
    adapter = FeedAdapter(feed)
    got: list = []
    threads: list = []
    adapter.seatsChanged.connect(lambda e, s: (got.append((e, s)), threads.append(threading.get_ident())))

    def burst():
        for i in range(200):
            feed.send(1, [i % 50])
        feed.send(2, [7])

    from_thread(burst)
    qtbot.waitUntil(lambda: len(got) == 2, timeout=5000)
    assert dict(got) == {1: list(range(50)), 2: [7]}
    assert adapter.deliveries == 1
    assert adapter.notifications == 201
    assert set(threads) == {threading.get_ident()}


def test_a_single_change_is_delivered_and_later_ones_too(qtbot):
    feed = FakeFeed()
    adapter = FeedAdapter(feed)
    got: list = []
    adapter.seatsChanged.connect(lambda e, s: got.append((e, s)))
    from_thread(lambda: feed.send(5, [1, 2]))
    qtbot.waitUntil(lambda: got == [(5, [1, 2])], timeout=5000)
    from_thread(lambda: feed.send(5, [3]))
    qtbot.waitUntil(lambda: got == [(5, [1, 2]), (5, [3])], timeout=5000)


def test_reload_of_an_event_and_reload_of_everything(qtbot):
    feed = FakeFeed()
    adapter = FeedAdapter(feed)
    seats: list = []
    reloads: list = []
    adapter.seatsChanged.connect(lambda e, s: seats.append((e, s)))
    adapter.reloadAll.connect(lambda: reloads.append(True))

    from_thread(lambda: (feed.send(3, [1]), feed.send(3, None)))
    qtbot.waitUntil(lambda: seats == [(3, None)], timeout=5000)

    with qtbot.waitSignal(adapter.reloadAll, timeout=5000):
        from_thread(lambda: (feed.send(4, [1]), feed.send(None, None), feed.send(4, [2])))
    assert reloads == [True]
    assert seats == [(3, None)]  # everything is reloaded anyway


def test_connection_changes_are_signals(qtbot):
    feed = FakeFeed()
    adapter = FeedAdapter(feed)
    assert adapter.connected is False
    with qtbot.waitSignal(adapter.connectionChanged, timeout=5000) as up:
        from_thread(lambda: feed.set_connected(True))
    assert up.args == [True] and adapter.connected
    with qtbot.waitSignal(adapter.connectionChanged, timeout=5000) as down:
        from_thread(lambda: feed.set_connected(False))
    assert down.args == [False] and not adapter.connected


def test_close_unsubscribes(qtbot):
    feed = FakeFeed()
    adapter = FeedAdapter(feed)
    adapter.close()
    assert feed.subscribers == [] and feed.status == []
