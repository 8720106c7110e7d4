"""What this station remembers between runs (QSettings): the last organisation and user, the branding of
the organisations signed in here (so the login window wears it before the database answers), the name of
the station. Never a password.
"""

from __future__ import annotations

import json
import logging

from PySide6.QtCore import QSettings

from boxoffice_desktop.ui.theme import Branding

log = logging.getLogger(__name__)

ORGANISATION = "boxoffice-desktop"
APPLICATION = "station"


def open_settings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION)


class StationSettings:
    def __init__(self, settings: QSettings | None = None):
        self._s = settings if settings is not None else open_settings()

    # organisation and user ---------------------------------------------------------------------------
    @property
    def last_tenant(self) -> str:
        return str(self._s.value("login/tenant", "") or "")

    @last_tenant.setter
    def last_tenant(self, slug: str) -> None:
        self._s.setValue("login/tenant", slug)
        self._s.sync()

    def last_user(self, slug: str) -> str:
        return str(self._s.value(f"login/user/{slug}", "") or "") if slug else ""

    def set_last_user(self, slug: str, username: str) -> None:
        if slug:
            self._s.setValue(f"login/user/{slug}", username)
            self._s.sync()

    # branding --------------------------------------------------------------------------------------
    def branding(self, slug: str) -> Branding | None:
        if not slug:
            return None
        raw = self._s.value(f"branding/{slug}", "")
        if not raw:
            return None
        try:
            return Branding.from_mapping(json.loads(str(raw)))
        except (ValueError, TypeError):
            log.info("ignoring unreadable remembered branding of %r", slug)
            return None

    def remember_branding(self, branding: Branding) -> None:
        if branding.slug:
            self._s.setValue(f"branding/{branding.slug}", json.dumps(branding.as_mapping()))
            self._s.sync()

    # the station -------------------------------------------------------------------------------------
    @property
    def station_name(self) -> str:
        return str(self._s.value("station/name", "") or "")

    @station_name.setter
    def station_name(self, name: str) -> None:
        self._s.setValue("station/name", name)
        self._s.sync()

    @property
    def file_name(self) -> str:
        return self._s.fileName()
