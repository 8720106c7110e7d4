"""Advisory lock key spaces.

PostgreSQL has one 64-bit advisory key space per database; the top byte of our keys says what a key
locks, the rest is a row id (ids are far below 2**56), so an event seat, an event and a tenant's sweeper
can never collide. The server's functions take them (``bo_seat_key``, ``bo_event_key``,
``bo_sweeper_key``: staff may not call the advisory lock functions); these mirror them for tests and the
migration lock.
"""

from __future__ import annotations

_SHIFT = 56

SPACE_EVENT_SEAT = 1
SPACE_EVENT = 2
SPACE_SWEEPER = 3
SPACE_MIGRATION = 4

MIGRATION_LOCK_KEY = SPACE_MIGRATION << _SHIFT


def key(space: int, ident: int) -> int:
    return (space << _SHIFT) | int(ident)


def seat_key(event_seat_id: int) -> int:
    return key(SPACE_EVENT_SEAT, event_seat_id)


def event_key(event_id: int) -> int:
    return key(SPACE_EVENT, event_id)


def sweeper_key(tenant_id: int) -> int:
    return key(SPACE_SWEEPER, tenant_id)
