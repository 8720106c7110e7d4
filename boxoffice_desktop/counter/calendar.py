"""Dates at the counter: today's events first, a date that is not today said loudly, and the words an
event is found by ("nut", "24.12", "2026-12-24", "fri", "tomorrow", "24 dec").

Selling the wrong night is the classic counter mistake, so every way of showing an event's date goes
through here: the list, the header, its banner and the payment dialogs say the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from boxoffice_desktop.services.events import EventInfo

ENDED_AFTER = timedelta(hours=3)


def local(dt: datetime) -> datetime:
    return dt.astimezone() if dt.tzinfo is not None else dt


def now_local() -> datetime:
    return datetime.now().astimezone()


def is_today(ev: EventInfo, now: datetime | None = None) -> bool:
    return local(ev.starts_at).date() == (now or now_local()).date()


def has_ended(ev: EventInfo, now: datetime | None = None) -> bool:
    return local(ev.starts_at) + ENDED_AFTER < (now or now_local())


def order_events(events: Sequence[EventInfo], now: datetime | None = None) -> list[EventInfo]:
    """Today's first (by time), then the coming ones (soonest first), then the ended ones (latest first)."""
    now = now or now_local()
    today = [e for e in events if is_today(e, now)]
    coming = [e for e in events if not is_today(e, now) and local(e.starts_at) > now]
    ended = [e for e in events if not is_today(e, now) and local(e.starts_at) <= now]
    today.sort(key=lambda e: (e.starts_at, e.id))
    coming.sort(key=lambda e: (e.starts_at, e.id))
    ended.sort(key=lambda e: (e.starts_at, e.id), reverse=True)
    return today + coming + ended


def day_words(d: date, now: datetime | None = None) -> str:
    today = (now or now_local()).date()
    if d == today:
        return "Today"
    if d == today + timedelta(days=1):
        return "Tomorrow"
    if d == today - timedelta(days=1):
        return "Yesterday"
    if abs((d - today).days) < 180:
        return f"{d:%a} {d.day} {d:%b}"
    return f"{d:%a} {d.day} {d:%b} {d.year}"


def long_date(dt: datetime) -> str:
    d = local(dt)
    return f"{d:%A} {d.day} {d:%B} {d.year}, {d:%H:%M}"


def curtain_words(ev: EventInfo, now: datetime | None = None) -> str:
    """Time to curtain, for today's events: "curtain in 2 h 15 min", "started 10 min ago"."""
    now = now or now_local()
    delta = local(ev.starts_at) - now
    minutes = int(abs(delta.total_seconds()) // 60)
    h, m = divmod(minutes, 60)
    span = f"{h} h {m:02d} min" if h else f"{m} min"
    if delta.total_seconds() >= 0:
        return f"curtain in {span}"
    return f"started {span} ago"


def when_text(ev: EventInfo, now: datetime | None = None) -> str:
    d = local(ev.starts_at)
    return f"{day_words(d.date(), now)}  {d:%H:%M}"


def short_day(ev: EventInfo) -> str:
    """ "Fri 11 Dec": the date in the not-today badges."""
    d = local(ev.starts_at)
    return f"{d:%a} {d.day} {d:%b}"


def not_today_words(ev: EventInfo | None, now: datetime | None = None) -> str | None:
    """The date in words when ``ev`` is not today (for the payment dialogs), else None."""
    if ev is None or is_today(ev, now):
        return None
    return short_day(ev)


def not_today_warning(ev: EventInfo, now: datetime | None = None) -> str:
    """The banner over the map of an event that is not today."""
    now = now or now_local()
    d = local(ev.starts_at)
    days = (d.date() - now.date()).days
    if days > 0:
        span = f"in {days} days" if days > 1 else "tomorrow"
    else:
        span = "yesterday" if days == -1 else f"{-days} days ago"
    return f"This event is not today: it is on {d:%A} {d.day} {d:%B} ({span}). Check the date with the customer."


# --- finding an event by what is typed -------------------------------------------------------------------
def date_forms(ev: EventInfo, now: datetime | None = None) -> set[str]:
    """Every way a cashier may type the event's date, casefolded."""
    d = local(ev.starts_at)
    return {
        f"{d.day}.{d.month}",
        f"{d:%d.%m}",
        f"{d:%d.%m.%Y}",
        f"{d.day}.{d.month}.{d.year}",
        f"{d:%Y-%m-%d}",
        f"{d.day}/{d.month}",
        f"{d:%d/%m}",
        f"{d.day} {d:%b}".casefold(),
        f"{d.day} {d:%B}".casefold(),
        f"{d:%b} {d.day}".casefold(),
        f"{d:%a}".casefold(),
        f"{d:%A}".casefold(),
        day_words(d.date(), now).casefold(),
    }


def normal_query(text: str) -> str:
    """What was typed, as the search compares it: casefolded, runs of spaces as one."""
    return " ".join(text.casefold().split())


def event_matches(ev: EventInfo, query: str, now: datetime | None = None) -> bool:
    """Whether the event's name or venue holds ``query``, or one of its date forms starts with it
    (``query`` already normalised by :func:`normal_query`; empty matches everything)."""
    if not query:
        return True
    if query in ev.name.casefold() or query in (ev.venue_name or "").casefold():
        return True
    return any(form.startswith(query) for form in date_forms(ev, now))


def find_events(events: Sequence[EventInfo], text: str, now: datetime | None = None) -> list[EventInfo]:
    """The events (in counter order) that match what was typed."""
    query = normal_query(text)
    return [ev for ev in order_events(events, now) if event_matches(ev, query, now)]
