"""Errors of the database layer. The application maps them onto its own domain errors."""

from __future__ import annotations


class SyncError(Exception):
    """Base of the database layer's errors; ``str()`` is one readable line."""


class ConnectionConfigError(SyncError):
    """A database URL or data folder that cannot be used."""


class ServerUnavailable(SyncError):
    """The database server cannot be reached (or the embedded one cannot start)."""


class SchemaVersionError(SyncError):
    """The database schema is not the one this program was built for."""


class BootstrapError(SyncError):
    """The role bootstrap or the grants could not be applied."""
