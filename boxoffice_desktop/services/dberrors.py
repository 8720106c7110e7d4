"""Turning database-layer failures into one readable domain error."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from boxoffice_desktop.errors import (
    Busy,
    DatabaseUnavailable,
    PermissionDenied,
    SeatsUnavailable,
)
from boxoffice_desktop.services.refusals import refusal, sentence
from sync.errors import ServerUnavailable

log = logging.getLogger(__name__)


def translate(exc: DBAPIError) -> Exception | None:
    """The domain error for a database error, or None when it is a bug rather than a refusal."""
    orig = getattr(exc, "orig", None)
    code = getattr(orig, "sqlstate", None) or ""
    diag = getattr(orig, "diag", None)
    message = getattr(diag, "message_primary", None) or str(orig or exc)
    mapped = refusal(code, message, getattr(diag, "message_detail", None))
    if mapped is not None:
        return mapped
    if code == "55P03":  # lock_not_available: the lock timeout passed
        return Busy()
    if isinstance(exc, IntegrityError) and (
        "uq_order_item_sold_seat" in str(orig) or "uq_seat_lock_active_seat" in str(orig)
    ):
        # The backstop under the locks: never a double sale, whatever went wrong above it.
        return SeatsUnavailable([], "A seat was taken elsewhere at the same moment; nothing was changed.")
    if code == "42501":  # insufficient_privilege: what a station's role may not do directly
        return PermissionDenied(f"The database refused this: {sentence(message)}")
    if isinstance(exc, OperationalError) or exc.connection_invalidated:
        return DatabaseUnavailable("The connection to the database was lost; nothing was changed. Try again.")
    return None


@contextmanager
def domain_errors() -> Iterator[None]:
    """Run a service body; the database layer's errors come out as BoxOfficeErrors, logged with cause."""
    try:
        yield
    except ServerUnavailable as exc:
        raise DatabaseUnavailable(str(exc)) from exc
    except DBAPIError as exc:
        mapped = translate(exc)
        if mapped is None:
            raise
        if isinstance(mapped, DatabaseUnavailable):
            log.warning("database connection failed: %s", exc)
        else:
            log.info("refused by the server: %s", str(getattr(exc, "orig", exc)).strip().splitlines()[0])
        raise mapped from exc
