"""The hold's countdown: a deadline on the station's monotonic clock, and what the cart shows of it.

Deadlines are measured from just before the hold was asked for (so the station never promises more time
than the server gives); a hold adopted after a restart gets its deadline from the server's expiry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

URGENT_SECONDS = 120


@dataclass(frozen=True)
class Countdown:
    """The hold's countdown as the cart shows it."""

    text: str = ""  # "held 14:59", "held here" (no deadline known), "hold ran out"; empty: hidden
    urgent: bool = False  # under two minutes left
    ran_out: bool = False

    @property
    def shown(self) -> bool:
        return bool(self.text)


def countdown(deadline: float | None, now: float, *, in_cart: bool) -> Countdown:
    """What the cart's timer says at ``now`` (the same clock as ``deadline``)."""
    if not in_cart:
        return Countdown()
    if deadline is None:
        return Countdown("held here")
    left = max(0, int(deadline - now))
    if not left:
        return Countdown("hold ran out", urgent=True, ran_out=True)
    m, s = divmod(left, 60)
    return Countdown(f"held {m}:{s:02d}", urgent=left < URGENT_SECONDS)


def deadline_from_expiry(expires_at: datetime, now_monotonic: float, now_wall: datetime | None = None) -> float:
    """The monotonic deadline of a hold the server says expires at ``expires_at``."""
    wall = now_wall if now_wall is not None else datetime.now(expires_at.tzinfo)
    left = (expires_at - wall).total_seconds()
    return now_monotonic + max(0.0, left)


def minutes_words(seconds: float) -> str:
    """ "15 minutes", "1 minute", "90 seconds"."""
    if seconds % 60:
        return f"{int(seconds)} seconds"
    n = int(seconds // 60)
    return f"{n} minute{'s' if n != 1 else ''}"
