"""From a click on a free seat to that seat painted as "mine": the sales screen against a real server.

    python tests/benchmarks/bench_sales_click.py [--database-url URL] [--clicks 200] [--plan demo|grid]
                                                 [--seats 3000] [--station bench-1]

It starts the application's sales page offscreen (QT_QPA_PLATFORM=offscreen) against an embedded
PostgreSQL in a temporary folder (or the server at --database-url), seeded with the demo organisation, and
clicks free seats one after the other with real QTest mouse clicks on the seatmap. For each click it
measures from just before the click to the moment the view reports the seat as "mine" AND its seat layer
has repainted (the event loop runs flat out in between: nothing sleeps). The cart is one hold of at most
100 seats, so every 80 clicks the cart is released (not timed). It prints p50/p95/max; it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.benchmarks.common import bench_database, grid_plan, percentile  # noqa: E402

RELEASE_EVERY = 80
CLICK_TIMEOUT_S = 10.0


def spin_until(app, condition, timeout: float) -> bool:
    """Run the event loop flat out until ``condition()`` holds (True) or ``timeout`` seconds pass."""
    from PySide6.QtCore import QEventLoop

    end = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > end:
            return False
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
    return True


def prepare(db, plan: str, seats: int) -> tuple[str, str]:
    """The demo organisation (a slug of this run's own: roles are global to a server), and for --plan grid
    an event tonight on a plain grid of ``seats``. ``db``: the owner's side."""
    import secrets
    from datetime import datetime, timedelta

    from boxoffice_desktop.api import BoxOffice
    from boxoffice_desktop.services.demo import DEMO_PASSWORD, seed_demo

    tenant = seed_demo(db, slug=f"bench-demo-{secrets.token_hex(3)}")
    if plan == "grid":
        with BoxOffice.sign_in(db.target, tenant=tenant.slug, user="admin", password=DEMO_PASSWORD) as bo:
            sm = bo.import_seatmap(grid_plan(seats), name="Bench grid")
            bo.create_event(
                "A Bench Night", sm, datetime.now().astimezone() + timedelta(minutes=90), {"A": 10, "B": 20}
            )
    return tenant.slug, DEMO_PASSWORD


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--database-url", default=os.environ.get("BOXOFFICE_BENCH_DATABASE_URL"))
    ap.add_argument("--clicks", type=int, default=200)
    ap.add_argument("--plan", choices=["demo", "grid"], default="demo")
    ap.add_argument("--seats", type=int, default=3000, help="seats of the --plan grid hall")
    ap.add_argument("--station", default="bench-1")
    ap.add_argument("--width", type=int, default=1440)
    ap.add_argument("--height", type=int, default=900)
    args = ap.parse_args()

    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])

    from boxoffice_desktop.api import BoxOffice
    from boxoffice_desktop.ui.feed_adapter import FeedAdapter
    from boxoffice_desktop.ui.operations import tracker, wait_for_workers
    from boxoffice_desktop.ui.sales.page import SalesPage
    from boxoffice_desktop.ui.theme import Branding, apply_theme
    from sync.db import Database

    with bench_database(args.database_url, "sales_click") as target:
        print(f"server: {target.display()}")
        db = Database(target, owner_side=True, station="bench-setup")
        slug, password = prepare(db, args.plan, args.seats)
        bo = BoxOffice.sign_in(target, tenant=slug, user="cashier", password=password, station=args.station)
        bo.start_background()
        if not bo.feed().wait_connected(30):
            raise SystemExit("the seat feed did not connect")
        apply_theme(app, Branding.from_tenant(bo.tenant))
        adapter = FeedAdapter(bo.feed())
        page = SalesPage(bo, adapter)
        page.resize(args.width - 200, args.height - 60)  # the main window's sidebar and header
        page.show()
        if not spin_until(app, page.is_settled, 60):
            raise SystemExit("the sales page did not load")
        if args.plan == "grid":
            ev = next(e for e in page.events_panel.model.events() if e.name == "A Bench Night")
            page.select_event(ev.id)
            spin_until(app, lambda: page.event_id == ev.id and page.is_settled(), 60)
        view = page.seat_view
        viewport = view.viewport()
        area = viewport.rect()
        layer = view.seat_layer
        free = [s.id for s in view.seats() if view.state_of(s.id) == "free" and area.contains(view.seat_centre(s.id))]
        # Only seats whose centre picks themselves (tiny dots on a huge plan may pick a neighbour).
        free = [sid for sid in free if view.seat_at(view.seat_centre(sid)) == sid]
        if len(free) < args.clicks:
            print(f"only {len(free)} free seats can be clicked; clicking those")
        seats = free[: args.clicks]
        print(
            f"plan: {args.plan}, {len(view.seats())} seats on screen {area.width()}x{area.height()}, "
            f"seat radius about {view.store.typical_radius() * view.scale_factor():.1f} px; clicking {len(seats)}"
        )
        timings: list[float] = []
        failures = 0
        in_cart = 0
        for sid in seats:
            if in_cart >= RELEASE_EVERY:
                page.release_all()
                spin_until(app, lambda: not page.cart_ids() and page.is_settled() and tracker().is_idle(), 30)
                in_cart = 0
            spin_until(app, lambda: page.is_settled() and tracker().is_idle(), 30)
            pos: QPoint = view.seat_centre(sid)
            t0 = time.perf_counter()
            QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
            ok = spin_until(app, lambda sid=sid: view.state_of(sid) == "mine", CLICK_TIMEOUT_S)
            if ok:
                # The repaint that shows "mine" is the first one after the state changed.
                painted_at_mine = layer.paint_count
                ok = spin_until(app, lambda n=painted_at_mine: layer.paint_count > n, CLICK_TIMEOUT_S)
            t1 = time.perf_counter()
            if not ok:
                failures += 1
                continue
            timings.append((t1 - t0) * 1000.0)
            in_cart += 1

        page.release_all()
        spin_until(app, lambda: tracker().is_idle(), 30)
        page.shutdown()
        adapter.close()
        page.close()
        bo.close()
        wait_for_workers(5000)
        import psycopg

        from tests.staff import drop_roles

        with psycopg.connect(target.with_database("postgres").libpq_dsn, autocommit=True) as conn:
            drop_roles(conn, [f"{slug}.{u}" for u in ("admin", "manager", "cashier", "accountant")])
        db.dispose()

    command = " ".join([Path(sys.executable).name, *sys.argv])
    print(f"command: {command}")
    if not timings:
        print("no click measured")
        return
    print(
        f"click -> seat painted as mine, {len(timings)} clicks ({failures} failed): "
        f"p50 {percentile(timings, 50):.1f} ms, p95 {percentile(timings, 95):.1f} ms, "
        f"max {max(timings):.1f} ms, mean {statistics.fmean(timings):.1f} ms"
    )


if __name__ == "__main__":
    main()
