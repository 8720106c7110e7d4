"""The application's life: start (find the server as a job), sign in, the main window, sign out, exit;
and the screenshot mode that drives all of it unattended.

The UI thread never waits on the database: finding the server (for the embedded one: starting and migrating
it, and seeding the demo there when asked) is one job while the login window shows "Starting…". The app
itself holds no connection: each signed-in session is its staff member's own login (``BoxOffice.sign_in``),
with a database of its own that closes at sign-out.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from boxoffice_desktop.ui.login import LoginWindow
from boxoffice_desktop.ui.main_window import AREA_KEYS, MainWindow
from boxoffice_desktop.ui.operations import run_job, tracker, wait_for_workers
from boxoffice_desktop.ui.station_settings import StationSettings
from boxoffice_desktop.ui.theme import apply_theme

if TYPE_CHECKING:
    from boxoffice_desktop.api import BoxOffice

log = logging.getLogger(__name__)

SCREENS = ("login", *AREA_KEYS)
SCREENSHOT_SIZE = (1440, 900)
SCREENSHOT_TIMEOUT_MS = 90_000
SETTLE_POLL_MS = 50
DEMO_USER = "admin"
DEMO_PASSWORD = "demo"


@dataclass(frozen=True)
class AppOptions:
    database_url: str | None = None
    data_dir: Path | None = None
    demo: bool = False
    tenant: str | None = None
    station: str | None = None
    screenshot: Path | None = None
    screen: str = "sales"
    program: str = "boxoffice"


@dataclass(frozen=True)
class Started:
    target: Any  # sync.config.DatabaseTarget: where staff sign in
    embedded: bool
    seeded: str | None  # the demo tenant's slug when seeded


def demo_slug(options: AppOptions) -> str | None:
    """The organisation ``--demo`` seeds (on the embedded server only)."""
    if not options.demo:
        return None
    from boxoffice_desktop.services.demo import DEMO_SLUG

    return options.tenant or DEMO_SLUG


def start_job(options: AppOptions) -> Started:
    """Where staff sign in. The embedded server is started and migrated here (and seeded with the demo
    when asked); a configured server is used as it is: its administrator upgrades and seeds it."""
    from boxoffice_desktop.runtime import station_target

    slug = demo_slug(options)
    target, embedded = station_target(options.database_url, data_dir=options.data_dir, demo_slug=slug)
    return Started(target, embedded, slug if embedded else None)


class AppController(QObject):
    """Owns the windows, the server's address and the signed-in session (which owns its connection)."""

    finished = Signal(int)  # exit code (screenshot mode; errors at start in screenshot mode)

    def __init__(self, app: QApplication, options: AppOptions, *, settings: StationSettings | None = None):
        super().__init__()
        self.app = app
        self.options = options
        self.settings = settings or StationSettings()
        self.target: Any = None
        self.embedded = False
        self.bo: BoxOffice | None = None
        self.main_window: MainWindow | None = None
        self._exit_code: int | None = None
        self._closing = False
        self.station = self._station_name()
        tenant = options.tenant or ("demo" if options.demo else None)
        apply_theme(app, self.settings.branding(tenant or self.settings.last_tenant))
        self.login = LoginWindow(self.settings, station=self.station, tenant=tenant)
        self.login.signedIn.connect(self._signed_in)
        self.login.retryRequested.connect(self.start)
        if options.screenshot is not None:
            self.login.resize(*SCREENSHOT_SIZE)
        app.aboutToQuit.connect(self.shutdown)

    def _station_name(self) -> str:
        from boxoffice_desktop.api import default_station

        if self.options.station:
            self.settings.station_name = self.options.station
            return self.options.station
        return self.settings.station_name or default_station()

    # start -------------------------------------------------------------------------------------------
    def start(self) -> None:
        if self.target is not None:
            return
        self.login.show()
        from sync.config import database_url_from_env

        configured = self.options.database_url or database_url_from_env()
        self.login.set_starting("Starting…" if configured else "Starting the local database…")
        run_job(
            lambda: start_job(self.options),
            on_success=self._started,
            on_failure=self._start_failed,
            parent=self,
            name="app.start",
        )

    def _started(self, started: Started) -> None:
        if self._closing:
            return
        self.target = started.target
        self.embedded = started.embedded
        if started.seeded:
            log.info("demo organisation %r ready", started.seeded)
        elif self.options.demo and not started.embedded:
            log.info("--demo seeds the embedded server only; on a configured server: boxoffice-admin demo seed")
        self.login.set_target(self.target)
        if self.options.screenshot is not None:
            self._screenshot_after_start()

    def _start_failed(self, exc: BaseException, message: str) -> None:
        if self.options.screenshot is not None:
            self._fail(message)
            return
        self.login.set_start_failed(message)

    # session -----------------------------------------------------------------------------------------
    def _signed_in(self, bo: BoxOffice) -> None:
        self.bo = bo
        window = MainWindow(bo)
        window.signOutRequested.connect(self.sign_out)
        self.main_window = window
        if self.options.screenshot is not None:
            window.resize(*SCREENSHOT_SIZE)
            screen = self.options.screen
            if screen != "login" and not window.show_area(screen):
                self._fail(f"A {bo.actor.role.value} may not open the {screen} screen.")
                return
        window.show()
        self.login.hide()
        if self.options.screenshot is not None:
            self._wait_then_shoot(window)

    def sign_out(self) -> None:
        window, bo = self.main_window, self.bo
        self.main_window, self.bo = None, None
        self.login.reset_for_sign_out()
        self.login.show()
        if window is not None:
            window.hide()
            window.deleteLater()
        if bo is not None:
            # Stopping the feed and the sweeper joins their threads, and the session's own database
            # closes its connections: not on the UI thread.
            run_job(bo.close, parent=None, name="app.sign_out", on_failure=lambda *_: None)

    def shutdown(self) -> None:
        """At exit (``aboutToQuit``): close the session (and with it its connections)."""
        if self._closing and self.bo is None:
            return
        self._closing = True
        if self.main_window is not None:
            self.main_window.shutdown()
            self.main_window.hide()
        self.login.hide()
        bo, self.bo = self.bo, None
        # The windows are gone: waiting a moment for the threads to stop is invisible now.
        if bo is not None:
            try:
                bo.close()
            except Exception:
                log.exception("closing the session failed")
        wait_for_workers(3000)

    # screenshot mode ---------------------------------------------------------------------------------
    def _screenshot_after_start(self) -> None:
        """Sign in as the demo administrator exactly as a person would: the fields, then Sign in."""
        tenant = self.options.tenant or "demo"
        self.login.fill(tenant, DEMO_USER, DEMO_PASSWORD)
        if self.options.screen == "login":
            self._wait_then_shoot(self.login)
            return
        self.login.signInFailed.connect(self._fail)
        self.login.sign_in()

    def _wait_then_shoot(self, window: Any) -> None:
        waited = {"ms": 0}
        timer = QTimer(self)

        def settled() -> bool:
            if not tracker().is_idle():
                return False
            check = getattr(window, "is_settled", None)
            return bool(check()) if callable(check) else True

        def poll() -> None:
            waited["ms"] += SETTLE_POLL_MS
            if settled():
                timer.stop()
                # One more turn of the event loop so the last paint has happened.
                QTimer.singleShot(100, lambda: self._shoot(window) if settled() else timer.start())
            elif waited["ms"] > SCREENSHOT_TIMEOUT_MS:
                timer.stop()
                pending = ", ".join(tracker().pending()) or "the screen's data"
                self._fail(
                    f"The screen did not finish loading within {SCREENSHOT_TIMEOUT_MS // 1000} s "
                    f"(waiting for {pending})."
                )

        timer.timeout.connect(poll)
        timer.start(SETTLE_POLL_MS)

    def _shoot(self, window: Any) -> None:
        path = self.options.screenshot
        assert path is not None
        window.repaint()
        image = window.grab()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self._fail(f"Cannot write the screenshot to {path}: {exc.strerror or exc}")
            return
        if not image.save(str(path), "PNG"):
            self._fail(f"Cannot write the screenshot to {path}.")
            return
        log.info("screenshot of %s saved to %s", self.options.screen, path)
        self._finish(0)

    def _fail(self, message: str) -> None:
        print(f"{self.options.program}: error: {message}", file=sys.stderr)
        log.info("%s: %s", self.options.program, message)
        self._finish(2)

    def _finish(self, code: int) -> None:
        if self._exit_code is not None:
            return
        self._exit_code = code
        self.finished.emit(code)
        self.app.exit(code)

    @property
    def exit_code(self) -> int | None:
        return self._exit_code
