"""Database URLs: what the user may type and what SQLAlchemy and psycopg receive.

Accepted: ``postgresql://`` and ``postgresql+psycopg://`` URLs, including libpq's socket form
(``postgresql://user@/db?host=/run/postgresql``) and multi-host URLs with ``target_session_attrs``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from sync.errors import ConnectionConfigError

ENV_DATABASE_URL = "BOXOFFICE_DATABASE_URL"
CONNECT_TIMEOUT_SECONDS = 5

_ACCEPTED_SCHEMES = {"postgresql", "postgres", "postgresql+psycopg"}


@dataclass(frozen=True)
class DatabaseTarget:
    """A parsed, validated database location."""

    url: URL  # always postgresql+psycopg

    @property
    def sqlalchemy_url(self) -> URL:
        return self.url

    @property
    def libpq_dsn(self) -> str:
        """The same place as a plain ``postgresql://`` URL, for psycopg.connect()."""
        return self.url.set(drivername="postgresql").render_as_string(hide_password=False)

    def display(self) -> str:
        """For messages and logs: never shows the password."""
        return self.url.set(drivername="postgresql").render_as_string(hide_password=True)

    def with_database(self, name: str) -> DatabaseTarget:
        return DatabaseTarget(self.url.set(database=name))

    def as_login(self, role: str, password: str | None) -> DatabaseTarget:
        """The same server and database, signed in as ``role`` (a user name in the URL is ignored)."""
        # URL.set() leaves a field alone when given None: _replace clears the administrator's password.
        return DatabaseTarget(self.url._replace(username=role, password=password or None))


def parse_database_url(raw: str) -> DatabaseTarget:
    """Validate and normalise a user-supplied URL; one readable error line when it is unusable."""
    text = (raw or "").strip()
    if not text:
        raise ConnectionConfigError("The database URL is empty.")
    try:
        url = make_url(text)
    except (ArgumentError, ValueError) as exc:
        raise ConnectionConfigError(
            f"Malformed database URL {_redact(text)!r}: expected postgresql://user:password@host:port/database"
        ) from exc
    if url.drivername not in _ACCEPTED_SCHEMES:
        raise ConnectionConfigError(
            f"Unsupported database URL scheme {url.drivername!r}: use postgresql:// or postgresql+psycopg://"
        )
    if not url.database:
        raise ConnectionConfigError(f"The database URL {_redact(text)!r} names no database.")
    if url.port is not None and not (0 < url.port < 65536):
        raise ConnectionConfigError(f"The database URL {_redact(text)!r} has an invalid port.")
    return DatabaseTarget(url.set(drivername="postgresql+psycopg"))


def database_url_from_env() -> str | None:
    value = os.environ.get(ENV_DATABASE_URL, "").strip()
    return value or None


def _redact(text: str) -> str:
    # Hide a password in the echo of a malformed URL: "scheme://user:secret@host" -> "scheme://user:***@host".
    if "://" in text and "@" in text:
        scheme, rest = text.split("://", 1)
        creds, _, host = rest.rpartition("@")
        if ":" in creds:
            user = creds.split(":", 1)[0]
            return f"{scheme}://{user}:***@{host}"
    return text
