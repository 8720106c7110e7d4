"""Signed ticket codes: round trips, tampering, foreign keys, truncation, versions."""

from __future__ import annotations

import string

import pytest

from boxoffice_desktop.errors import BoxOfficeError, ConfigurationError, InvalidInput
from boxoffice_desktop.services.ticket_codes import (
    InvalidTicket,
    TicketClaims,
    new_secret,
    parse_ticket,
    sign_ticket,
    verify_ticket,
)

SECRET = bytes(range(32))  # fixed, so failures reproduce
OTHER_SECRET = bytes(range(1, 33))
CLAIMS = TicketClaims(
    order_code="A7K2-93XF",
    order_item_id=123456,
    event_id=4242,
    seat_guid="2f1b9a3e-8a7b-4c5d-9e0f-112233445566",
    serial=3,
)
QR_ALPHANUMERIC = set(string.digits + string.ascii_uppercase + " $%*+-./:")


@pytest.fixture(scope="module")
def code() -> str:
    return sign_ticket("teatr-1", SECRET, CLAIMS)


def test_round_trip(code: str) -> None:
    assert code.startswith("BO1.TEATR-1.")
    assert verify_ticket(code, SECRET) == CLAIMS
    tenant, claims, signature = parse_ticket(code)
    assert (tenant, claims, len(signature)) == ("teatr-1", CLAIMS, 20)


@pytest.mark.parametrize(
    "claims",
    [
        TicketClaims("X1", 1, 1, None),  # general admission: no seat
        TicketClaims("Ω-Заказ", 2**63 - 1, 2**40, "stalls/row-5/seat-12", 99),
        TicketClaims("A", 7, 8, "2F1B9A3E-8A7B-4C5D-9E0F-112233445566"),  # not canonical: kept as text
        TicketClaims("A", 7, 8, "s1"),
    ],
)
def test_round_trip_of_every_seat_form(claims: TicketClaims) -> None:
    assert verify_ticket(sign_ticket("t", SECRET, claims), SECRET) == claims


def test_code_is_compact_and_fits_the_qr_alphanumeric_mode(code: str) -> None:
    assert set(code) <= QR_ALPHANUMERIC
    assert len(code) <= 110
    segno = pytest.importorskip("segno")
    assert segno.make(code, error="m").mode == "alphanumeric"


def test_reading_is_case_insensitive(code: str) -> None:
    # Keyboard-wedge scanners may flip case; the letters mean the same in either case.
    assert verify_ticket(code.lower(), SECRET) == CLAIMS
    assert verify_ticket(f"  {code}\n", SECRET) == CLAIMS


def test_every_single_character_alteration_fails(code: str) -> None:
    alphabet = string.ascii_uppercase + string.ascii_lowercase + string.digits + ".-_=/+ "
    tried = 0
    for position, original in enumerate(code):
        for replacement in alphabet:
            if replacement.upper() == original:
                continue  # the same character (perhaps in the other case): not an alteration
            altered = code[:position] + replacement + code[position + 1 :]
            with pytest.raises(InvalidTicket):
                verify_ticket(altered, SECRET)
            tried += 1
    assert tried > 60 * len(code)


def test_every_deleted_or_inserted_character_fails(code: str) -> None:
    for position in range(len(code)):
        with pytest.raises(InvalidTicket):
            verify_ticket(code[:position] + code[position + 1 :], SECRET)
        with pytest.raises(InvalidTicket):
            verify_ticket(code[:position] + "A" + code[position:], SECRET)


def test_every_truncation_fails(code: str) -> None:
    for length in range(len(code)):
        with pytest.raises(InvalidTicket):
            verify_ticket(code[:length], SECRET)
        if length:
            with pytest.raises(InvalidTicket):
                verify_ticket(code[length:], SECRET)


def test_another_tenants_key_fails(code: str) -> None:
    with pytest.raises(InvalidTicket) as caught:
        verify_ticket(code, OTHER_SECRET)
    assert "signature" in str(caught.value)
    # Nor can another tenant's genuine code be passed off under our name.
    theirs = sign_ticket("kino", OTHER_SECRET, CLAIMS)
    with pytest.raises(InvalidTicket):
        verify_ticket(theirs.replace("KINO", "TEATR-1"), SECRET)
    with pytest.raises(InvalidTicket):
        verify_ticket(theirs, SECRET)


def test_a_reprint_has_a_new_serial_and_both_verify(code: str) -> None:
    # The code only proves the ticket was issued; the database says which serial is current.
    reprint = sign_ticket("teatr-1", SECRET, TicketClaims(**{**CLAIMS.__dict__, "serial": CLAIMS.serial + 1}))
    assert reprint != code
    assert verify_ticket(reprint, SECRET).serial == 4
    assert verify_ticket(code, SECRET).serial == 3


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("hello", "not a box office ticket code"),
        ("BO2.TEATR.AAAA.BBBB", "version 2"),
        ("BO1.TEATR.AAAA", "incomplete"),
        ("BO1.TEATR.AAAA.BBBB.CCCC", "incomplete"),
        ("BO1..AEAQCASYGEAA.INQBZCHF4EK2RJ7CDHPLT2XHG4JMIJE2", "organisation"),
        ("BO1.TEATR.AEAQCASYGEAA.INQBZCHF4EK2RJ7CDHPLT2XHG4JMIJE", "signature"),
        ("BO1.TEATR.A.INQBZCHF4EK2RJ7CDHPLT2XHG4JMIJE2", "not base32"),
        ("BO1.TEATR.AEAQCASYGEAA0.INQBZCHF4EK2RJ7CDHPLT2XHG4JMIJE2", "not base32"),
        ("BO1.TEATR." + "A" * 500 + ".B", "too long"),
    ],
)
def test_malformed_codes_say_why(text: str, reason: str) -> None:
    with pytest.raises(InvalidTicket) as caught:
        parse_ticket(text)
    assert reason in str(caught.value).lower()
    assert "\n" not in str(caught.value)
    with pytest.raises(InvalidTicket):
        verify_ticket(text, SECRET)


def test_a_validly_encoded_but_nonsensical_payload_is_refused() -> None:
    import base64

    payload = base64.b32encode(b"\x01\x01\x01\x00\x00").decode().rstrip("=")  # empty order code
    with pytest.raises(InvalidTicket) as caught:
        parse_ticket(f"BO1.T.{payload}.{'A' * 32}")
    assert "damaged" in str(caught.value)


def test_not_text_is_refused() -> None:
    with pytest.raises(InvalidTicket):
        parse_ticket(None)  # type: ignore[arg-type]
    with pytest.raises(InvalidTicket):
        verify_ticket(b"BO1", SECRET)  # type: ignore[arg-type]


def test_invalid_ticket_is_a_box_office_error() -> None:
    assert issubclass(InvalidTicket, BoxOfficeError)


def test_new_secret() -> None:
    a, b = new_secret(), new_secret()
    assert len(a) >= 32 and a != b


def test_keys_and_inputs_are_checked() -> None:
    with pytest.raises(ConfigurationError):
        sign_ticket("teatr", b"short", CLAIMS)
    with pytest.raises(ConfigurationError):
        verify_ticket("BO1.T.AA.BB", b"")
    for slug in ("", "Teatr", "-x", "a.b", "x" * 64, "театр"):
        with pytest.raises(InvalidInput):
            sign_ticket(slug, SECRET, CLAIMS)
    for bad in (
        {"serial": 0},
        {"order_item_id": -1},
        {"event_id": True},
        {"order_code": ""},
        {"order_code": "x" * 65},
        {"seat_guid": ""},
    ):
        with pytest.raises(InvalidInput):
            TicketClaims(**{**CLAIMS.__dict__, **bad})
