"""Operations: the session's blocking work, handed to whoever runs it.

An :class:`Operation` is a plain function that talks to the server (``work``, run on a worker thread: it
captured ids and frozen values when it was made, and returns frozen values) and the two continuations
that fold its outcome back into the session (``done`` / ``failed``, called on the session's own thread).
The session never runs one itself: a :class:`Runner` does. The Qt layer's runner is ``run_job`` (a worker,
results delivered on the UI thread); :func:`run_now` runs one at once, on the calling thread (scripts and
the session's unit tests); :class:`StepRunner` keeps them until told (tests that look between the steps).
:class:`Serial` runs those that must not overlap one after the other.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from boxoffice_desktop.errors import BoxOfficeError

log = logging.getLogger(__name__)

T = TypeVar("T")

SEAT_LANE = "seats"  # holds, releases, sales: one after the other, in the order they were asked for
READ_LANE = "seat-reads"  # reading seats and events: never queued behind a sale


@dataclass(frozen=True)
class Operation(Generic[T]):
    name: str
    work: Callable[[], T]
    done: Callable[[T], None]
    failed: Callable[[BaseException, str], None]
    lane: str | None = None


class Runner(Protocol):
    """Runs ``op.work()`` somewhere, then ``op.done(result)`` or ``op.failed(exc, message)`` on the thread
    the session lives on."""

    def __call__(self, op: Operation[T], /) -> None: ...


def describe(exc: BaseException) -> str:
    """One line for a failure (the Qt runner has its own, with the same rules)."""
    if isinstance(exc, BoxOfficeError):
        text = str(exc).strip()
        return text.splitlines()[0] if text else type(exc).__name__
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"Unexpected error: {type(exc).__name__}{': ' + detail if detail else ''}, see the log."


def run_now(op: Operation[T]) -> None:
    """Run the operation here and now (a script, a test): its continuation before this returns."""
    try:
        result = op.work()
    except Exception as exc:  # every failure goes to the continuation, as on a worker
        if not isinstance(exc, BoxOfficeError):
            log.exception("operation %s failed", op.name)
        op.failed(exc, describe(exc))
        return
    op.done(result)


class StepRunner:
    """Keeps the operations it is given; ``step()`` runs the oldest, ``drain()`` runs until none is left
    (including those the continuations start)."""

    def __init__(self) -> None:
        self.waiting: deque[tuple[str, Callable[[], None]]] = deque()

    def __call__(self, op: Operation[T], /) -> None:
        self.waiting.append((op.name, lambda: run_now(op)))

    def names(self) -> list[str]:
        return [name for name, _ in self.waiting]

    def step(self) -> str:
        name, run = self.waiting.popleft()
        run()
        return name

    def drain(self, limit: int = 1000) -> list[str]:
        ran: list[str] = []
        while self.waiting and len(ran) < limit:
            ran.append(self.step())
        return ran


class Serial:
    """Operations that must run one after the other (holds, releases, sales): each is *made* only when the
    one before it has answered, so it is made from the state that answer left. ``enqueue(launch)``: when
    its turn comes, ``launch()`` makes its operation and hands it to ``start`` (True), or finds nothing left
    to do (False). ``alive()`` False: continuations are skipped (the turn still passes)."""

    def __init__(self, run: Runner, alive: Callable[[], bool], lane: str = SEAT_LANE) -> None:
        self._run = run
        self._alive = alive
        self._lane = lane
        self._waiting: deque[Callable[[], bool]] = deque()
        self._running = False

    @property
    def idle(self) -> bool:
        return not self._running and not self._waiting

    def clear(self) -> None:
        self._waiting.clear()

    def enqueue(self, launch: Callable[[], bool]) -> None:
        self._waiting.append(launch)
        self._next()

    def _next(self) -> None:
        while not self._running and self._waiting and self._alive():
            launch = self._waiting.popleft()
            self._running = True
            try:
                launched = launch()
            except BaseException:
                self._running = False
                raise
            if not launched:
                self._running = False

    def start(self, op: Operation[T]) -> None:
        """Run ``op`` as the operation of this turn (from within its ``launch``)."""

        def done(result: T) -> None:
            try:
                if self._alive():
                    op.done(result)
            finally:
                self._running = False
                self._next()

        def failed(exc: BaseException, message: str) -> None:
            try:
                if self._alive():
                    op.failed(exc, message)
            finally:
                self._running = False
                self._next()

        self._run(Operation(op.name, op.work, done, failed, self._lane))
