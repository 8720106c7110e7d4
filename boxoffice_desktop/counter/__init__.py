"""The counter without Qt: one cashier's session, its cart's arithmetic and the work it asks of the server.

::

    session.py     CounterSession: the cart as one state machine (event, seats, cart, hold, deadline,
                   customer, sale, online payments); intents in, updates out
    updates.py     what it emits: small frozen records (EventLoaded, CartChanged, Notice, SaleRecorded ...)
    operations.py  Operation (blocking work + its continuations), Runner, run_now, StepRunner, Serial
    jobs.py        the blocking work: plain functions over the BoxOffice facade (ids in, frozen records out)
    cart.py        price types per seat, cart lines, the sale's summary
    seats.py       CounterSeat (a seat as this station sees it), SeatBook (the event's seats and which
                   the cart holds), the words for seats
    clock.py       the hold's deadline and countdown
    calendar.py    dates said the counter's way; finding an event by name or date words
    find.py        find an order or check a scanned ticket

The design in one paragraph: the session lives on one thread (the UI thread in the app) and every one of
its methods is synchronous: an intent changes its state at once and emits updates to its listeners
(plain callables, ``session.subscribe``). What needs the database is an ``Operation`` the session hands
to the ``Runner`` it was given: ``work`` runs on a worker thread with ids and frozen values only, and its
``done``/``failed`` continuation comes back on the session's thread, where alone the state changes. The
Qt layer's runner is ``ui.operations.run_job``; tests and scripts use ``run_now``. Seat operations run one
at a time (``Serial``), each made from the state its predecessor's answer left, so there is nothing to
share between threads: no lock, no mutable reference a worker writes. Reads run beside them; a read
never overwrites what a later operation said of a seat (``SeatBook``'s epochs).

Nothing here imports Qt (an import-linter contract says so, and the package imports without PySide6).
"""

from boxoffice_desktop.counter.operations import Operation, Runner, StepRunner, run_now
from boxoffice_desktop.counter.session import CounterSession

__all__ = ["CounterSession", "Operation", "Runner", "StepRunner", "run_now"]
