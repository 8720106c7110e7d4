"""Turning database-layer failures into one readable domain error."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError, OperationalError

from boxoffice_desktop.errors import (
    Busy,
    DatabaseUnavailable,
    HoldExpired,
    InvalidInput,
    NotFound,
    SeatsUnavailable,
)
from sync.errors import HoldEnded, HoldRefused, LockTimeout, SeatConflict, ServerUnavailable

log = logging.getLogger(__name__)


@contextmanager
def domain_errors() -> Iterator[None]:
    """Run a service body; the database layer's errors come out as BoxOfficeErrors, logged with cause."""
    try:
        yield
    except SeatConflict as exc:
        raise SeatsUnavailable(exc.seat_ids) from exc
    except LockTimeout as exc:
        raise Busy() from exc
    except HoldEnded as exc:
        raise HoldExpired() from exc
    except HoldRefused as exc:
        code = getattr(exc, "code", None)
        ids = getattr(exc, "seat_ids", [])
        if code == "BO004" and ids:
            shown = ", ".join(str(i) for i in ids[:10])
            raise InvalidInput(f"{len(ids)} of the seats asked for are not seats of this event: {shown}.") from exc
        if code == "BO004":
            raise NotFound(f"No such event: {exc}.") from exc
        raise InvalidInput(_sentence(str(exc))) from exc
    except ServerUnavailable as exc:
        raise DatabaseUnavailable(str(exc)) from exc
    except (OperationalError, DBAPIError) as exc:
        if isinstance(exc, OperationalError) or exc.connection_invalidated:
            log.warning("database connection failed: %s", exc)
            raise DatabaseUnavailable(
                "The connection to the database was lost; nothing was changed. Try again."
            ) from exc
        raise


def _sentence(text: str) -> str:
    text = text.strip()
    return (text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")) if text else "Refused."
