"""Background operations: every user action is one job off the UI thread.

Modelled on Anki's ``aqt/operations``: a job is a plain function run on a worker thread; its result or its
error comes back to the UI thread by a queued signal and is handed to ``on_success`` / ``on_failure``
there. The UI thread never waits on the database or the network.

- ``run_job(fn, on_success=..., on_failure=..., parent=..., lane=...)`` starts a job. ``parent`` is a
  QObject (usually the widget that asked); when it is gone by the time the job ends, the callbacks are
  skipped. ``lane`` names a serial queue (one worker, first in first out) for jobs whose order matters,
  such as holding and releasing seats; without a lane, jobs run on a shared pool.
- Jobs hand ids and plain (frozen) dataclasses across threads, never ORM objects or open sessions: the
  services already return such values.
- Failures: a ``BoxOfficeError`` is its one-line message; a lost database connection is one calm line;
  anything else is logged with its traceback and shown as "Unexpected error: ..., see the log".
- ``tracker()`` counts the pending jobs; screenshot mode and tests wait on ``tracker().is_idle()``
  (``qtbot.waitUntil``) or ``tracker().idle`` — by running the event loop, never by blocking it.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import count
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot

from boxoffice_desktop.errors import BoxOfficeError

log = logging.getLogger(__name__)

T = TypeVar("T")
FailureCallback = Callable[[BaseException, str], None]

DEFAULT_POOL_THREADS = 4


# --- messages ------------------------------------------------------------------------------------------
def _is_connection_error(exc: BaseException) -> bool:
    try:
        import psycopg
        from sqlalchemy.exc import DBAPIError, OperationalError
    except ImportError:  # pragma: no cover - both are dependencies
        return False
    if isinstance(exc, OperationalError | psycopg.OperationalError):
        return True
    return isinstance(exc, DBAPIError) and bool(getattr(exc, "connection_invalidated", False))


def first_line(text: str, limit: int = 240) -> str:
    line = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


def describe_error(exc: BaseException) -> str:
    """The one line the UI shows for a failed job (no traceback, ever)."""
    if isinstance(exc, BoxOfficeError):
        return first_line(str(exc)) or type(exc).__name__
    if _is_connection_error(exc):
        return "The database cannot be reached right now; check the network and try again."
    detail = first_line(str(exc), 160)
    what = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    return f"Unexpected error: {what}, see the log."


def is_expected(exc: BaseException) -> bool:
    return isinstance(exc, BoxOfficeError) or _is_connection_error(exc)


# --- the tracker ---------------------------------------------------------------------------------------
@dataclass
class JobRecord:
    id: int
    name: str
    lane: str | None
    done: bool = False
    error: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class JobTracker(QObject):
    """All pending jobs of the process. Lives on the UI thread; every method is for the UI thread."""

    busyChanged = Signal(bool)
    idle = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._pending: dict[int, JobRecord] = {}
        self._ids = count(1)
        self._holds = 0
        self.failures: list[tuple[str, str]] = []

    def _begin(self, name: str, lane: str | None) -> JobRecord:
        rec = JobRecord(next(self._ids), name, lane)
        was_idle = self.is_idle()
        self._pending[rec.id] = rec
        if was_idle:
            self.busyChanged.emit(True)
        return rec

    def _end(self, rec: JobRecord) -> None:
        rec.done = True
        self._pending.pop(rec.id, None)
        if rec.error is not None:
            self.failures.append((rec.name, rec.error))
            del self.failures[:-50]
        self._maybe_idle()

    def hold_busy(self) -> Callable[[], None]:
        """Count as busy until the returned function is called (work that is not a job: a timer...)."""
        was_idle = self.is_idle()
        self._holds += 1
        if was_idle:
            self.busyChanged.emit(True)
        released = False

        def release() -> None:
            nonlocal released
            if released:
                return
            released = True
            self._holds -= 1
            self._maybe_idle()

        return release

    def _maybe_idle(self) -> None:
        if self.is_idle():
            self.busyChanged.emit(False)
            self.idle.emit()

    def is_idle(self) -> bool:
        return not self._pending and self._holds == 0

    def pending(self) -> list[str]:
        return [r.name for r in self._pending.values()]

    def when_idle(self, callback: Callable[[], None], *, settle_ms: int = 0) -> None:
        """Call ``callback`` on the UI thread once no job is pending (and stays so for ``settle_ms``)."""

        def check() -> None:
            if self.is_idle():
                if settle_ms:
                    QTimer.singleShot(
                        settle_ms,
                        lambda: callback() if self.is_idle() else self.when_idle(callback, settle_ms=settle_ms),
                    )
                else:
                    callback()
            else:
                self.idle.connect(_once)

        def _once() -> None:
            try:
                self.idle.disconnect(_once)
            except (RuntimeError, TypeError):
                return
            QTimer.singleShot(0, check)

        QTimer.singleShot(0, check)


_tracker: JobTracker | None = None


def tracker() -> JobTracker:
    global _tracker
    if _tracker is None or not shiboken6.isValid(_tracker):
        _tracker = JobTracker()
        app = QCoreApplication.instance()
        if app is not None:
            _tracker.moveToThread(app.thread())
    return _tracker


# --- pools ---------------------------------------------------------------------------------------------
_pools: dict[str | None, QThreadPool] = {}
_pools_lock = threading.Lock()


def _pool(lane: str | None) -> QThreadPool:
    with _pools_lock:
        pool = _pools.get(lane)
        if pool is None:
            pool = QThreadPool()
            pool.setMaxThreadCount(DEFAULT_POOL_THREADS if lane is None else 1)
            # Keep idle workers for a while: a click should not wait for a thread to start.
            pool.setExpiryTimeout(60_000)
            _pools[lane] = pool
        return pool


def wait_for_workers(timeout_ms: int = 5000) -> bool:
    """At exit only: let running jobs finish (the window is gone by then)."""
    ok = True
    with _pools_lock:
        pools = list(_pools.values())
    for pool in pools:
        ok = pool.waitForDone(timeout_ms) and ok
    return ok


# --- a job ---------------------------------------------------------------------------------------------
class _Relay(QObject):
    """Created on the UI thread; its signals, emitted by the worker, arrive there queued (the slots are
    the relay's own methods, so they run in the relay's thread whatever thread emits)."""

    succeeded = Signal(object)
    failed = Signal(object, str)

    def __init__(self, on_success: Callable[[Any], None], on_failure: Callable[[BaseException, str], None]):
        super().__init__()
        self._on_success = on_success
        self._on_failure = on_failure
        self.succeeded.connect(self._succeeded, Qt.ConnectionType.QueuedConnection)
        self.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _succeeded(self, result: Any) -> None:
        self._on_success(result)

    @Slot(object, str)
    def _failed(self, exc: BaseException, message: str) -> None:
        self._on_failure(exc, message)


_live_relays: set[_Relay] = set()


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay, name: str):
        super().__init__()
        self.setAutoDelete(True)
        self._fn = fn
        self._relay = relay
        self._name = name

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the UI thread
            if not is_expected(exc):
                log.error(
                    "job %s failed unexpectedly:\n%s",
                    self._name,
                    "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)),
                )
            else:
                log.info("job %s: %s", self._name, first_line(str(exc)))
            self._relay.failed.emit(exc, describe_error(exc))
        else:
            self._relay.succeeded.emit(result)


class Job:
    """A handle on a started job (for tests and for callers that want to know it ended)."""

    def __init__(self, record: JobRecord):
        self.record = record

    @property
    def done(self) -> bool:
        return self.record.done

    @property
    def error(self) -> str | None:
        return self.record.error


def default_failure(exc: BaseException, message: str) -> None:
    """Without an on_failure callback, a failure is shown on the active window's message line if it has
    one (``show_message(str)``), and always logged."""
    from PySide6.QtWidgets import QApplication

    window = QApplication.activeWindow()
    show = getattr(window, "show_message", None)
    if callable(show):
        show(message, error=True)


def run_job(
    fn: Callable[[], T],
    *,
    on_success: Callable[[T], None] | None = None,
    on_failure: FailureCallback | None = None,
    parent: QObject | None = None,
    lane: str | None = None,
    name: str | None = None,
) -> Job:
    """Run ``fn()`` on a worker; ``on_success(result)`` or ``on_failure(exc, message)`` on the UI thread."""
    t = tracker()
    job_name: str = name or str(getattr(fn, "__name__", "job"))
    record = t._begin(job_name, lane)
    alive = [True]

    def parent_gone() -> bool:
        return parent is not None and not shiboken6.isValid(parent)

    def finish() -> None:
        if alive[0]:
            alive[0] = False
            _live_relays.discard(relay)
            relay.deleteLater()
            t._end(record)

    def succeeded(result: Any) -> None:
        try:
            if on_success is not None and not parent_gone():
                on_success(result)
        except Exception:
            log.exception("the success callback of job %s failed", job_name)
        finally:
            finish()

    def failed(exc: BaseException, message: str) -> None:
        record.error = message
        try:
            if parent_gone():
                return
            if on_failure is not None:
                on_failure(exc, message)
            else:
                default_failure(exc, message)
        except Exception:
            log.exception("the failure callback of job %s failed", job_name)
        finally:
            finish()

    relay = _Relay(succeeded, failed)
    _live_relays.add(relay)  # the relay must outlive the worker until its queued signal is delivered
    _pool(lane).start(_Runnable(fn, relay, job_name))
    return Job(record)
