"""Events at the counter: today's first, found by name, venue or the words of their date; a date that is not
today said loudly (no database: plain records)."""

from __future__ import annotations

from datetime import datetime, timedelta

from boxoffice_desktop.counter.calendar import (
    curtain_words,
    date_forms,
    find_events,
    not_today_warning,
    not_today_words,
    order_events,
    when_text,
)
from boxoffice_desktop.services.events import EventInfo

NOW = datetime(2026, 12, 24, 15, 0).astimezone()  # a Thursday


def event(i: int, name: str, starts: datetime, venue: str = "Main Hall") -> EventInfo:
    return EventInfo(i, name, starts, 1, venue, "on_sale", 100, 90)


EVENTS = [
    event(1, "Swan Lake", NOW + timedelta(days=1, hours=4)),  # tomorrow 19:00
    event(2, "The Nutcracker", NOW + timedelta(hours=4)),  # tonight
    event(3, "Carmen", NOW - timedelta(days=3), venue="Studio"),  # ended
    event(4, "La Traviata", NOW + timedelta(days=9)),  # Saturday 2 January
]


def names(events: list[EventInfo]) -> list[str]:
    return [e.name for e in events]


def test_today_first_then_coming_then_ended():
    assert names(order_events(EVENTS, NOW)) == ["The Nutcracker", "Swan Lake", "La Traviata", "Carmen"]


def test_found_by_name_venue_and_date_words():
    def found(text: str) -> list[str]:
        return names(find_events(EVENTS, text, NOW))

    assert found("") == ["The Nutcracker", "Swan Lake", "La Traviata", "Carmen"]
    assert found("swan") == ["Swan Lake"]
    assert found("  NUT  ") == ["The Nutcracker"]
    assert found("studio") == ["Carmen"]
    assert found("25.12") == ["Swan Lake"]
    assert found("25.12.2026") == ["Swan Lake"]
    assert found("2026-12-25") == ["Swan Lake"]
    assert found("25/12") == ["Swan Lake"]
    assert found("25 dec") == ["Swan Lake"]
    assert found("dec 25") == ["Swan Lake"]
    assert found("fri") == ["Swan Lake"]
    assert found("friday") == ["Swan Lake"]
    assert found("tomorrow") == ["Swan Lake"]
    assert found("today") == ["The Nutcracker"]
    assert found("2.1") == ["La Traviata"]
    assert found("xyz") == []
    assert "24.12" in date_forms(EVENTS[1], NOW) and "thursday" in date_forms(EVENTS[1], NOW)


def test_a_date_that_is_not_today_is_said_loudly():
    tonight, tomorrow, ended = EVENTS[1], EVENTS[0], EVENTS[2]
    assert not_today_words(tonight, NOW) is None and not_today_words(None) is None
    assert not_today_words(tomorrow, NOW) == "Fri 25 Dec"
    assert not_today_warning(tomorrow, NOW) == (
        "This event is not today: it is on Friday 25 December (tomorrow). Check the date with the customer."
    )
    assert "(3 days ago)" in not_today_warning(ended, NOW)
    assert "(in 9 days)" in not_today_warning(EVENTS[3], NOW)
    assert curtain_words(tonight, NOW) == "curtain in 4 h 00 min"
    assert curtain_words(tonight, NOW + timedelta(hours=4, minutes=10)) == "started 10 min ago"
    assert when_text(tomorrow, NOW) == "Tomorrow  19:00"
