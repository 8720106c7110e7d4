"""The retry policy on its own, with scripted outcomes and no network."""

from __future__ import annotations

import pytest

from boxoffice_desktop.services.payments import OutcomeUnknown, ProviderRejected, call_with_retries
from boxoffice_desktop.services.payments.retry import backoff_delays

from .conftest import SleepRecorder


class Script:
    """A callable that raises the scripted errors in turn, then returns "done"."""

    def __init__(self, *errors: Exception) -> None:
        self.errors = list(errors)
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return "done"


def unknown(retry_after: float | None = None) -> OutcomeUnknown:
    return OutcomeUnknown("create payment", "no answer in time", retry_after=retry_after)


def test_repeats_unknown_outcomes_with_growing_pauses(no_sleep: SleepRecorder) -> None:
    fn = Script(unknown(), unknown(), unknown())
    assert call_with_retries(fn, sleep=no_sleep) == "done"
    assert fn.calls == 4
    assert no_sleep.delays == [0.5, 1.0, 2.0]


def test_pauses_are_capped() -> None:
    assert backoff_delays(7, 0.5, 8.0) == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    assert backoff_delays(1, 0.5, 8.0) == []


def test_gives_up_after_the_last_attempt(no_sleep: SleepRecorder) -> None:
    fn = Script(*(unknown() for _ in range(5)))
    with pytest.raises(OutcomeUnknown):
        call_with_retries(fn, attempts=5, sleep=no_sleep)
    assert fn.calls == 5
    assert len(no_sleep.delays) == 4  # no pointless pause after the last attempt


def test_a_refusal_is_not_repeated(no_sleep: SleepRecorder) -> None:
    fn = Script(unknown(), ProviderRejected("create payment", code="too_many_requests", http_status=429))
    with pytest.raises(ProviderRejected):
        call_with_retries(fn, sleep=no_sleep)
    assert fn.calls == 2


def test_other_errors_are_not_repeated(no_sleep: SleepRecorder) -> None:
    fn = Script(ValueError("a bug"))
    with pytest.raises(ValueError):
        call_with_retries(fn, sleep=no_sleep)
    assert fn.calls == 1 and no_sleep.delays == []


def test_the_providers_pause_is_honoured_within_the_cap(no_sleep: SleepRecorder) -> None:
    fn = Script(unknown(retry_after=1.8), unknown(retry_after=60.0), unknown(retry_after=0.1))
    call_with_retries(fn, sleep=no_sleep, max_delay=8.0)
    assert no_sleep.delays == [1.8, 8.0, 2.0]


def test_attempts_must_be_positive() -> None:
    with pytest.raises(ValueError):
        call_with_retries(Script(), attempts=0)
