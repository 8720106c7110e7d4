"""Signed ticket codes, printed as QR codes and checked at the door.

A code looks like ``BO1.<TENANT>.<PAYLOAD>.<SIGNATURE>``:

- ``BO1`` names the format and its version;
- ``TENANT`` is the tenant's slug, readable without any key, so a scanner knows whose key to use;
- ``PAYLOAD`` is base32 of a compact binary record: order item id, event id, serial, order code, seat;
- ``SIGNATURE`` is base32 of HMAC-SHA256 over everything before it, cut to 20 bytes (160 bits), keyed
  with the tenant's secret.

The whole code is upper case: digits, A–Z, ``.`` and ``-`` all belong to the QR "alphanumeric" mode,
which packs 5.5 bits per character against 8 in byte mode, so the printed square stays small and coarse.
Reading is case-insensitive (some scanners that type into a keyboard buffer flip case); a code in
another case is the same code. Slugs are lower case in the database, so they survive the round trip.

A signature proves the ticket was issued by the tenant; whether it is still valid (not refunded, not
replaced by a reprint with a newer ``serial``) is the database's answer, not the code's.

The server mints and checks the codes (``ticket_crypto.sql``: no station holds the key). The station only
reads a code's parts (``parse_ticket``). ``sign_ticket`` and ``verify_ticket`` stay as the format's
reference in Python: the tests hold the server's SQL to them byte for byte, and codes printed by earlier
versions (signed here) must keep verifying.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets
import uuid
from dataclasses import dataclass
from typing import NamedTuple

from boxoffice_desktop.errors import BoxOfficeError, ConfigurationError, InvalidInput

VERSION = "BO1"
SIGNATURE_BYTES = 20  # ≥ 16 as required; 20 bytes are exactly 32 base32 characters, with no padding
SECRET_BYTES = 32
MIN_SECRET_BYTES = 16
MAX_CODE_LENGTH = 400  # well above any real code; refuse scanner garbage before decoding it
MAX_TEXT_BYTES = 64  # order code and seat guid, UTF-8

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")  # the tenant table's own check constraint
_B32 = re.compile(r"^[A-Z2-7]+$")

# The seat field's first byte says how the seat is stored.
_SEAT_NONE = 0  # general admission: no seat
_SEAT_UUID = 1  # a canonical UUID in 16 bytes instead of 36 characters
_SEAT_TEXT = 2  # any other guid, as UTF-8


class InvalidTicket(BoxOfficeError):
    """A ticket code that is malformed, altered, signed with another key or of an unknown version."""


@dataclass(frozen=True)
class TicketClaims:
    """What a ticket code says. ``serial`` grows with each reprint; only the current one admits."""

    order_code: str
    order_item_id: int
    event_id: int
    seat_guid: str | None
    serial: int = 1

    def __post_init__(self) -> None:
        for name in ("order_item_id", "event_id", "serial"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1 or value >= 2**63:
                raise InvalidInput(f"A ticket's {name} must be a positive whole number, not {value!r}.")
        if not isinstance(self.order_code, str) or not self.order_code:
            raise InvalidInput("A ticket needs an order code.")
        if len(self.order_code.encode()) > MAX_TEXT_BYTES:
            raise InvalidInput(f"The order code is longer than {MAX_TEXT_BYTES} bytes.")
        if self.seat_guid is not None and (
            not isinstance(self.seat_guid, str) or not self.seat_guid or len(self.seat_guid.encode()) > MAX_TEXT_BYTES
        ):
            raise InvalidInput(f"A seat guid must be 1 to {MAX_TEXT_BYTES} bytes of text, or None.")


class ParsedTicket(NamedTuple):
    tenant_slug: str
    claims: TicketClaims
    signature: bytes


def new_secret() -> bytes:
    """A fresh ticket-signing key for a tenant (store it in ``tenant_secret``; never log it)."""
    return secrets.token_bytes(SECRET_BYTES)


def sign_ticket(tenant_slug: str, secret: bytes, claims: TicketClaims) -> str:
    """The printable code for ``claims``, signed with the tenant's ``secret``."""
    if not isinstance(tenant_slug, str) or not _SLUG.match(tenant_slug):
        raise InvalidInput(f"Not a tenant slug: {tenant_slug!r}.")
    _check_secret(secret)
    signed_part = f"{VERSION}.{tenant_slug.upper()}.{_b32encode(_pack(claims))}"
    return f"{signed_part}.{_b32encode(_mac(secret, signed_part))}"


def parse_ticket(code: str) -> ParsedTicket:
    """Read a code WITHOUT checking its signature: only to learn the tenant and so pick its key.

    Never trust the claims returned here; ``verify_ticket`` is the check.
    """
    _, slug, claims, signature = _split(code)
    return ParsedTicket(slug, claims, signature)


def verify_ticket(code: str, secret: bytes) -> TicketClaims:
    """The claims of a genuine code signed with ``secret``; ``InvalidTicket`` for anything else."""
    _check_secret(secret)
    signed_part, _, claims, _ = _split(code)
    given = _normalise(code).rsplit(".", 1)[1]
    expected = _b32encode(_mac(secret, signed_part))
    # Compare the text, in constant time: every character of the code is covered, even the
    # base32 padding bits that decoding would ignore.
    if not hmac.compare_digest(expected.encode(), given.encode()):
        raise InvalidTicket(
            "This ticket code's signature does not match: it was altered, or issued by another organisation."
        )
    return claims


# -- the text form --------------------------------------------------------------------------------


def _normalise(code: object) -> str:
    if not isinstance(code, str):
        raise InvalidTicket("A ticket code must be text.")
    return code.strip().upper()


def _split(code: str) -> tuple[str, str, TicketClaims, bytes]:
    """(signed part, tenant slug, claims, signature) of a well-formed code, else InvalidTicket."""
    text = _normalise(code)
    if not text:
        raise InvalidTicket("The ticket code is empty.")
    if len(text) > MAX_CODE_LENGTH:
        raise InvalidTicket("This is not a box office ticket code (too long).")
    parts = text.split(".")
    if not parts[0].startswith("BO") or not parts[0][2:].isdigit():
        raise InvalidTicket("This is not a box office ticket code.")
    if parts[0] != VERSION:
        raise InvalidTicket(f"This ticket code has version {parts[0][2:]}, which this program cannot read.")
    if len(parts) != 4:
        raise InvalidTicket("The ticket code is incomplete or damaged (wrong number of parts).")
    _, tenant, payload, signature = parts
    slug = tenant.lower()
    if not _SLUG.match(slug):
        raise InvalidTicket("The ticket code names no valid organisation.")
    sig = _b32decode(signature, "signature")
    if len(sig) != SIGNATURE_BYTES:
        raise InvalidTicket("The ticket code's signature is damaged (wrong length).")
    claims = _unpack(_b32decode(payload, "content"))
    return f"{VERSION}.{tenant}.{payload}", slug, claims, sig


def _b32encode(data: bytes) -> str:
    return base64.b32encode(data).decode("ascii").rstrip("=")


def _b32decode(text: str, what: str) -> bytes:
    # Lengths 1, 3 and 6 (mod 8) are never produced by base32 and would be padded into nonsense.
    if not text or not _B32.match(text) or len(text) % 8 in (1, 3, 6):
        raise InvalidTicket(f"The ticket code's {what} is damaged (not base32).")
    try:
        return base64.b32decode(text + "=" * (-len(text) % 8))
    except (binascii.Error, ValueError):
        raise InvalidTicket(f"The ticket code's {what} is damaged (not base32).") from None


def _mac(secret: bytes, signed_part: str) -> bytes:
    return hmac.new(secret, signed_part.encode("ascii"), hashlib.sha256).digest()[:SIGNATURE_BYTES]


def _check_secret(secret: bytes) -> None:
    if not isinstance(secret, bytes | bytearray) or len(secret) < MIN_SECRET_BYTES:
        raise ConfigurationError(f"The ticket-signing key must be at least {MIN_SECRET_BYTES} bytes.")


# -- the binary payload ---------------------------------------------------------------------------
# Unsigned LEB128 varints for numbers (an id of a few thousand takes two bytes) and length-prefixed
# UTF-8 for text: a few dozen bytes in all, against a hundred and more for JSON.


def _pack(claims: TicketClaims) -> bytes:
    out = bytearray()
    out += _varint(claims.order_item_id)
    out += _varint(claims.event_id)
    out += _varint(claims.serial)
    out += _text(claims.order_code)
    seat = claims.seat_guid
    if seat is None:
        out.append(_SEAT_NONE)
    elif _is_canonical_uuid(seat):
        out.append(_SEAT_UUID)
        out += uuid.UUID(seat).bytes
    else:
        out.append(_SEAT_TEXT)
        out += _text(seat)
    return bytes(out)


def _unpack(data: bytes) -> TicketClaims:
    reader = _Reader(data)
    order_item_id = reader.varint()
    event_id = reader.varint()
    serial = reader.varint()
    order_code = reader.text()
    kind = reader.byte()
    if kind == _SEAT_NONE:
        seat: str | None = None
    elif kind == _SEAT_UUID:
        seat = str(uuid.UUID(bytes=reader.take(16)))
    elif kind == _SEAT_TEXT:
        seat = reader.text()
    else:
        raise InvalidTicket("The ticket code's content is damaged (unknown seat form).")
    if not reader.at_end():
        raise InvalidTicket("The ticket code's content is damaged (trailing data).")
    try:
        return TicketClaims(
            order_code=order_code,
            order_item_id=order_item_id,
            event_id=event_id,
            seat_guid=seat,
            serial=serial,
        )
    except InvalidInput as exc:
        raise InvalidTicket(f"The ticket code's content is damaged ({exc})") from None


def _is_canonical_uuid(text: str) -> bool:
    # Only the canonical spelling is packed as 16 bytes, so the seat guid reads back exactly as given.
    try:
        return str(uuid.UUID(text)) == text
    except ValueError:
        return False


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        low, value = value & 0x7F, value >> 7
        if value:
            out.append(low | 0x80)
        else:
            out.append(low)
            return bytes(out)


def _text(value: str) -> bytes:
    raw = value.encode("utf-8")
    return _varint(len(raw)) + raw


class _Reader:
    def __init__(self, data: bytes) -> None:
        self._data = data
        self._pos = 0

    def at_end(self) -> bool:
        return self._pos == len(self._data)

    def take(self, n: int) -> bytes:
        if self._pos + n > len(self._data):
            raise InvalidTicket("The ticket code's content is damaged (cut short).")
        chunk = self._data[self._pos : self._pos + n]
        self._pos += n
        return chunk

    def byte(self) -> int:
        return self.take(1)[0]

    def varint(self) -> int:
        result = 0
        for shift in range(0, 70, 7):
            b = self.byte()
            result |= (b & 0x7F) << shift
            if not b & 0x80:
                return result
        raise InvalidTicket("The ticket code's content is damaged (bad number).")

    def text(self) -> str:
        length = self.varint()
        if length > MAX_TEXT_BYTES:
            raise InvalidTicket("The ticket code's content is damaged (text too long).")
        try:
            return self.take(length).decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidTicket("The ticket code's content is damaged (bad text).") from None
