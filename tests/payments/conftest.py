"""Fixtures for the payment tests: the fake YooKassa server and a client pointed at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from boxoffice_desktop.services.payments import YooKassaClient
from tests.fakes.yookassa import FakeYooKassa
from tests.fakes.yookassa import fake_yookassa as start_fake_yookassa

# Short timeouts keep the fault tests fast; the fake's "timeout" fault outlasts the read timeout.
CONNECT_TIMEOUT = 1.0
READ_TIMEOUT = 0.5


@pytest.fixture
def fake_yookassa() -> Iterator[FakeYooKassa]:
    with start_fake_yookassa(timeout_delay=2.0) as fake:
        yield fake


@pytest.fixture
def client(fake_yookassa: FakeYooKassa) -> Iterator[YooKassaClient]:
    with YooKassaClient(
        fake_yookassa.shop_id,
        fake_yookassa.secret_key,
        api_url=fake_yookassa.api_url,
        connect_timeout=CONNECT_TIMEOUT,
        read_timeout=READ_TIMEOUT,
    ) as yookassa:
        yield yookassa


class SleepRecorder:
    """A stand-in for ``time.sleep`` that records the pauses instead of taking them."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@pytest.fixture
def no_sleep() -> SleepRecorder:
    return SleepRecorder()
