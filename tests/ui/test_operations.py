"""Background jobs: results and errors come back on the UI thread, one line each, and the tracker knows
when everything is done."""

from __future__ import annotations

import logging
import threading

import pytest
from PySide6.QtCore import QObject

from boxoffice_desktop.errors import SeatsUnavailable
from boxoffice_desktop.ui.operations import describe_error, run_job, tracker

pytestmark = pytest.mark.gui


def test_success_arrives_on_the_ui_thread(qtbot):
    ui_thread = threading.get_ident()
    seen: dict = {}

    def work():
        seen["worker"] = threading.get_ident()
        return 42

    def done(value):
        seen["value"] = value
        seen["callback"] = threading.get_ident()

    job = run_job(work, on_success=done, name="answer")
    qtbot.waitUntil(lambda: job.done, timeout=10_000)
    assert seen["value"] == 42
    assert seen["worker"] != ui_thread
    assert seen["callback"] == ui_thread
    assert tracker().is_idle()


def test_domain_error_is_its_one_line(qtbot):
    got: list = []
    job = run_job(
        lambda: (_ for _ in ()).throw(SeatsUnavailable([7])),
        on_failure=lambda exc, message: got.append((type(exc), message, threading.get_ident())),
    )
    qtbot.waitUntil(lambda: job.done, timeout=10_000)
    kind, message, thread = got[0]
    assert kind is SeatsUnavailable
    assert message == "That seat is no longer free."
    assert thread == threading.get_ident()
    assert job.error == message


def test_unexpected_error_is_logged_with_its_traceback_and_shown_as_one_line(qtbot, caplog):
    def broken():
        return {}["missing"]

    got: list = []
    with caplog.at_level(logging.ERROR, logger="boxoffice_desktop.ui.operations"):
        job = run_job(broken, on_failure=lambda exc, message: got.append(message), name="broken")
        qtbot.waitUntil(lambda: job.done, timeout=10_000)
    assert got == ["Unexpected error: KeyError: 'missing', see the log."]
    assert "\n" not in got[0]
    assert any("Traceback" in r.getMessage() and "broken" in r.getMessage() for r in caplog.records)


def test_lane_keeps_the_order_of_clicks(qtbot):
    order: list[int] = []
    results: list[int] = []
    for i in range(20):
        run_job(lambda i=i: order.append(i) or i, on_success=results.append, lane="test-lane")
    qtbot.waitUntil(tracker().is_idle, timeout=10_000)
    assert order == list(range(20))
    assert results == list(range(20))


def test_callbacks_of_a_gone_parent_are_skipped(qtbot):
    gate = threading.Event()
    parent = QObject()
    called: list = []
    job = run_job(lambda: gate.wait(10) and 1, on_success=called.append, parent=parent)
    parent.deleteLater()
    qtbot.waitUntil(lambda: not _alive(parent), timeout=5_000)
    gate.set()
    qtbot.waitUntil(lambda: job.done, timeout=10_000)
    assert called == []
    assert tracker().is_idle()


def test_tracker_reports_idle(qtbot):
    gate = threading.Event()
    run_job(lambda: gate.wait(10), name="slow")
    assert not tracker().is_idle()
    assert "slow" in tracker().pending()
    with qtbot.waitSignal(tracker().idle, timeout=10_000):
        gate.set()
    assert tracker().is_idle()


def test_connection_errors_read_calmly():
    import psycopg

    message = describe_error(psycopg.OperationalError("connection refused\nDETAIL: lots"))
    assert message.startswith("The database cannot be reached")
    assert "\n" not in message


def _alive(obj: QObject) -> bool:
    import shiboken6

    return shiboken6.isValid(obj)


def test_when_idle_calls_back_once_everything_is_done(qtbot):
    gate = threading.Event()
    run_job(lambda: gate.wait(10), name="slow")
    called: list[bool] = []
    tracker().when_idle(lambda: called.append(tracker().is_idle()))
    qtbot.wait(50)  # lets the check run while the job is still pending
    assert called == []
    gate.set()
    qtbot.waitUntil(lambda: called == [True], timeout=10_000)
