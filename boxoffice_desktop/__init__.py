"""A desktop box office: live seat holds across stations, a seatmap editor, counter sales.

The scripting API::

    from boxoffice_desktop import BoxOffice
    with BoxOffice.connect(tenant="demo", user="cashier", password="demo") as bo:
        for event in bo.events():
            print(event.id, event.name, event.starts_at)
"""

from boxoffice_desktop.errors import (
    AuthenticationFailed,
    BoxOfficeError,
    Busy,
    ConfigurationError,
    DatabaseUnavailable,
    HoldExpired,
    InvalidInput,
    NoOpenShift,
    NotFound,
    PermissionDenied,
    SchemaMismatch,
    SeatsUnavailable,
)

__version__ = "0.1.0"

__all__ = [
    "AuthenticationFailed",
    "BoxOffice",
    "BoxOfficeAdmin",
    "BoxOfficeError",
    "Busy",
    "ConfigurationError",
    "DatabaseUnavailable",
    "HoldExpired",
    "InvalidInput",
    "NoOpenShift",
    "NotFound",
    "PermissionDenied",
    "SchemaMismatch",
    "SeatsUnavailable",
]


def __getattr__(name: str) -> object:
    # The facade pulls in SQLAlchemy and the editor's formats: load it when first asked for, so that
    # "import boxoffice_desktop" stays light for the CLI's error paths.
    if name in ("BoxOffice", "BoxOfficeAdmin"):
        from boxoffice_desktop import api

        facade: object = getattr(api, name)
        return facade
    raise AttributeError(name)
