"""The one family of domain errors the services raise.

Every message is one readable line meant for a person at the counter or at a shell: the UI shows it in
a bar, the CLI prints it and exits non-zero. Tracebacks go to the log only.
"""

from __future__ import annotations

from collections.abc import Iterable


class BoxOfficeError(Exception):
    """Something the user can act on went wrong; ``str(err)`` is one readable line."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotFound(BoxOfficeError):
    """The thing asked for does not exist (or belongs to another tenant, which looks the same)."""


class PermissionDenied(BoxOfficeError):
    """The current user's role may not do this."""


class AuthenticationFailed(BoxOfficeError):
    """Wrong organisation, user name or password, or a disabled account."""


class ConfigurationError(BoxOfficeError):
    """The installation or the database cannot be used as configured (URL, version, data folder)."""


class DatabaseUnavailable(ConfigurationError):
    """The database server cannot be reached, or the connection broke."""


class SchemaMismatch(ConfigurationError):
    """The database schema is older or newer than this program."""


class InvalidInput(BoxOfficeError):
    """Input the program cannot use: a bad seatmap, a missing price, a negative amount."""


class Busy(BoxOfficeError):
    """Another station holds a lock on these seats for longer than we wait: try again."""

    def __init__(self, message: str = "These seats are busy at another station; try again in a moment.") -> None:
        super().__init__(message)


class SeatsUnavailable(BoxOfficeError):
    """Some of the seats asked for are not free; ``seat_ids`` names them."""

    def __init__(self, seat_ids: Iterable[int], message: str | None = None) -> None:
        self.seat_ids: list[int] = sorted(int(s) for s in seat_ids)
        if message is None:
            n = len(self.seat_ids)
            message = "That seat is no longer free." if n == 1 else f"{n} of these seats are no longer free."
        super().__init__(message)


class HoldExpired(BoxOfficeError):
    """The hold ran out or was released before it could be used."""

    def __init__(self, message: str = "This hold has expired or was released; pick the seats again.") -> None:
        super().__init__(message)


class NoOpenShift(BoxOfficeError):
    """Cash and card sales need an open cash shift at the selling station."""


class PaymentError(BoxOfficeError):
    """A payment provider refused or failed in a way the user must hear about."""


class RefusedSeat:
    """A held or sold seat that a move to another seatmap version would drop or change."""

    __slots__ = ("label", "reason", "seat_id")

    def __init__(self, seat_id: int, label: str, reason: str) -> None:
        self.seat_id = seat_id
        self.label = label
        self.reason = reason  # "no longer in the plan", "category would change", ...

    def __str__(self) -> str:
        return f"{self.label} ({self.reason})"

    def __repr__(self) -> str:
        return f"RefusedSeat({self.seat_id}, {self.label!r}, {self.reason!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RefusedSeat) and (self.seat_id, self.label, self.reason) == (
            other.seat_id,
            other.label,
            other.reason,
        )

    def __hash__(self) -> int:
        return hash((self.seat_id, self.label, self.reason))


class RemapRefused(InvalidInput):
    """Moving an event to another seatmap version would drop or change seats that are held or sold."""

    def __init__(self, message: str, seats: list[RefusedSeat]):
        super().__init__(message)
        self.seats = seats


class MissingPrices(InvalidInput):
    """The new version has categories the event has no prices for."""

    def __init__(self, message: str, categories: list[str]):
        super().__init__(message)
        self.categories = categories
