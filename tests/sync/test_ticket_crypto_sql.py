"""The server's ticket codes (sync/migrations/sql/0003/ticket_crypto.sql) against the Python ones.

``boxoffice_desktop.services.ticket_codes`` is the oracle: the server must mint the very same codes, and
must find a problem in exactly the texts Python refuses, with a key that says what Python's message says.
Calls are batched (one query over arrays) so that thousands of cases cost one round trip.
"""

from __future__ import annotations

import hashlib
import hmac
import random
import string
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import psycopg
import pytest

from boxoffice_desktop.services import ticket_codes as tc
from boxoffice_desktop.services.ticket_codes import (
    InvalidTicket,
    ParsedTicket,
    TicketClaims,
    parse_ticket,
    sign_ticket,
    verify_ticket,
)
from sync.config import DatabaseTarget

pytestmark = pytest.mark.db

SQL_FILE = Path(__file__).resolve().parents[2] / "sync" / "migrations" / "sql" / "0003" / "ticket_crypto.sql"

SECRET = bytes(range(32))  # the same key and claims as tests/payments/test_ticket_codes.py
OTHER_SECRET = bytes(range(1, 33))
CLAIMS = TicketClaims(
    order_code="A7K2-93XF",
    order_item_id=123456,
    event_id=4242,
    seat_guid="2f1b9a3e-8a7b-4c5d-9e0f-112233445566",
    serial=3,
)
CODE = sign_ticket("teatr-1", SECRET, CLAIMS)

Row = tuple[Any, ...]  # problem, slug, signed_part, signature, item_id, event_id, serial, order_code, seat_guid

# Python's messages, first match wins ("too long" is also "not a box office ticket code").
MESSAGE_KEYS = [
    ("must be text", "not_text"),
    ("is empty", "empty"),
    ("(too long)", "too_long"),
    ("is not a box office ticket code", "not_ours"),
    ("has version", "version"),
    ("wrong number of parts", "parts"),
    ("no valid organisation", "tenant"),
    ("signature is damaged (not base32)", "signature_damaged"),
    ("signature is damaged (wrong length)", "signature_length"),
    ("content is damaged", "content_damaged"),
    ("signature does not match", "bad_signature"),
]


def key_of(message: str) -> str:
    for fragment, key in MESSAGE_KEYS:
        if fragment in message:
            return key
    raise AssertionError(f"no key for Python's message {message!r}")


def python_answer(code: str | None, key: bytes | None) -> tuple[str | None, ParsedTicket | None]:
    """Python's verdict as a problem key, and what it parsed (None when it refused to)."""
    try:
        parsed = parse_ticket(code)  # type: ignore[arg-type]
    except InvalidTicket as exc:
        return key_of(str(exc)), None
    if "\x00" in parsed.claims.order_code + (parsed.claims.seat_guid or ""):
        # The one known difference: PostgreSQL text cannot hold NUL, so the server calls it damaged.
        return "content_damaged", None
    if key is None:
        return None, parsed
    try:
        verify_ticket(code, key)  # type: ignore[arg-type]
    except InvalidTicket as exc:
        return key_of(str(exc)), parsed
    except UnicodeEncodeError:  # a Kelvin sign in the tenant: Python cannot MAC it, and crashes
        return "bad_signature", parsed
    return None, parsed


def expected_row(code: str | None, key: bytes | None = None) -> Row:
    """The row bo_ticket_verify (with a key) or bo_ticket_read (without) must give, per Python."""
    problem, parsed = python_answer(code, key)
    assert code is not None or problem == "not_text"
    if parsed is not None:
        signed, signature = tc._normalise(code).rsplit(".", 1)
        c = parsed.claims
        return (problem, parsed.tenant_slug, signed, signature, c.order_item_id, c.event_id, c.serial,
                c.order_code, c.seat_guid)  # fmt: skip
    row: list[Any] = [problem] + [None] * 8
    # What Python had accepted before it refused the rest.
    if problem in ("signature_damaged", "signature_length", "content_damaged"):
        parts = tc._normalise(code).split(".")
        row[1] = parts[1].lower()
        if problem == "content_damaged":
            row[3] = parts[3]
    return tuple(row)


@pytest.fixture
def conn(empty_database: DatabaseTarget) -> Iterator[psycopg.Connection]:
    with psycopg.connect(empty_database.libpq_dsn, autocommit=True) as connection:
        assert connection.execute("SHOW server_encoding").fetchone() == ("UTF8",)
        # As the migration will run it: one text, in a transaction, with the app schema on the search path.
        with connection.transaction():
            connection.execute("CREATE SCHEMA app")
            connection.execute("SET LOCAL search_path = app")
            connection.execute(SQL_FILE.read_text(encoding="utf-8"))
        connection.execute("SET search_path = app")
        yield connection


def sql_rows(conn: psycopg.Connection, codes: Sequence[str | None], key: bytes | None = None) -> list[Row]:
    call = "bo_ticket_read(t.code)" if key is None else "bo_ticket_verify(t.code, %(key)s)"
    return conn.execute(
        f"SELECT r.* FROM unnest(%(codes)s::text[]) WITH ORDINALITY AS t(code, n) CROSS JOIN LATERAL {call} AS r "
        "ORDER BY t.n",
        {"codes": list(codes), "key": key},
    ).fetchall()


def assert_like_python(conn: psycopg.Connection, codes: Sequence[str | None], key: bytes | None = None) -> list[Row]:
    got = sql_rows(conn, codes, key)
    for code, row in zip(codes, got, strict=True):
        assert row == expected_row(code, key), code
    return got


# -- the primitives -------------------------------------------------------------------------------------


def test_functions_are_created_as_intended(conn: psycopg.Connection) -> None:
    rows = conn.execute(
        "SELECT proname, pg_get_function_identity_arguments(oid), provolatile, proparallel, proisstrict, "
        "prosecdef, proconfig FROM pg_proc WHERE pronamespace = 'app'::regnamespace ORDER BY proname"
    ).fetchall()
    assert [(name, volatile, parallel, secdef, config) for name, _, volatile, parallel, _, secdef, config in rows] == [
        (name, "i", "s", False, None)
        for name in (
            "bo_b32decode", "bo_b32encode", "bo_hmac_sha256", "bo_ticket_pack", "bo_ticket_read",
            "bo_ticket_sign", "bo_ticket_verify",
        )
    ]  # fmt: skip
    # NULL must come back as a problem from the readers (a STRICT one would answer a row of NULLs, which
    # says "no problem"), and NULL seat means general admission in the signers.
    assert {name: strict for name, _, _, _, strict, _, _ in rows} == {
        "bo_b32decode": True, "bo_b32encode": True, "bo_hmac_sha256": True, "bo_ticket_pack": False,
        "bo_ticket_read": False, "bo_ticket_sign": False, "bo_ticket_verify": False,
    }  # fmt: skip


def test_hmac_matches_python(conn: psycopg.Connection) -> None:
    rng = random.Random(2104)
    keys = [rng.randbytes(n) for n in (0, 1, 16, 32, 63, 64, 65, 200)]
    messages = [b"", b"a", CODE.encode(), rng.randbytes(55), rng.randbytes(64), rng.randbytes(1000)]
    pairs = [(k, m) for k in keys for m in messages]
    got = conn.execute(
        "SELECT bo_hmac_sha256(k, m) FROM unnest(%s::bytea[], %s::bytea[]) WITH ORDINALITY AS t(k, m, n) ORDER BY n",
        ([k for k, _ in pairs], [m for _, m in pairs]),
    ).fetchall()
    assert [bytes(mac) for (mac,) in got] == [hmac.new(k, m, hashlib.sha256).digest() for k, m in pairs]
    # RFC 4231, test case 6: a key longer than the block.
    (mac,) = conn.execute(
        "SELECT bo_hmac_sha256(%s, %s)", (b"\xaa" * 131, b"Test Using Larger Than Block-Size Key - Hash Key First")
    ).fetchone()
    assert bytes(mac).hex() == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"


def python_b32decode(text: str) -> bytes | None:
    try:
        return tc._b32decode(text, "test")
    except InvalidTicket:
        return None


def test_base32_matches_python(conn: psycopg.Connection) -> None:
    rng = random.Random(4648)
    blobs = [b""] + [rng.randbytes(n) for n in range(1, 41) for _ in range(3)] + [b"\x00" * 7, b"\xff" * 9]
    got = conn.execute(
        "SELECT e, bo_b32decode(e) FROM unnest(%s::bytea[]) WITH ORDINALITY AS t(b, n), bo_b32encode(b) AS e "
        "ORDER BY n",
        (blobs,),
    ).fetchall()
    assert [e for e, _ in got] == [tc._b32encode(b) for b in blobs]
    assert [None if d is None else bytes(d) for _, d in got[1:]] == blobs[1:]
    assert got[0] == ("", None)  # Python refuses to decode the empty text too

    texts = [
        "", "A", "AAA", "AAAAAA", "AAAAAAAAA", "a", "aa", "AB0", "AB1", "AB8", "AB9", "AB=", "AB======", "A B",
        " AB", "ABC\n", "AB\n", "ABCD\n", "É", "ÉÉ", "AÉ", "AB.", "AB-", "AZ", "A7", "Z7", "77", "7777777",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
        "B", "AB", "AC", "AD", "AE", "AH", "AQ", "A2", "AAAB", "AAAF", "AAAAB", "AAAAAAB", "AAAAAAAB",
    ] + ["".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(n)) for n in range(1, 60)]  # fmt: skip
    got = conn.execute(
        "SELECT bo_b32decode(s) FROM unnest(%s::text[]) WITH ORDINALITY AS t(s, n) ORDER BY n", (texts,)
    ).fetchall()
    assert [None if d is None else bytes(d) for (d,) in got] == [python_b32decode(t) for t in texts]
    # Python ignores the bits that make no whole byte, so these decode alike; the signature check compares
    # text for that reason.
    assert python_b32decode("AB") == python_b32decode("AA") == b"\x00"
    assert python_b32decode("AAAAAAB") == python_b32decode("AAAAAAA") == b"\x00" * 4


# -- minting and checking -----------------------------------------------------------------------------------

ORDER_POOL = string.ascii_uppercase + string.digits + "-/ abcxyz" + "ΩЗаказß€" + "😀🎭"
SEAT_POOL = string.ascii_letters + string.digits + "-/_.: " + "éЖ中🎟"


def random_text(rng: random.Random, pool: str, max_bytes: int = 64) -> str:
    target = rng.choice([1, 2, 5, 12, 40, 64, rng.randint(1, 64)])
    out = rng.choice(pool)
    while len((out + pool[0]).encode()) <= min(target, max_bytes):
        candidate = out + rng.choice(pool)
        if len(candidate.encode()) <= max_bytes:
            out = candidate
    return out


def random_number(rng: random.Random) -> int:
    special = [1, 2, 127, 128, 255, 16383, 16384, 2**21 - 1, 2**21, 2**56 - 1, 2**56, 2**62, 2**63 - 2, 2**63 - 1]
    return rng.choice([rng.choice(special), rng.randint(1, 10_000), rng.randint(1, 2**63 - 1), rng.randint(1, 2**32)])


def random_seat(rng: random.Random) -> str | None:
    u = uuid.UUID(int=rng.getrandbits(128))
    return rng.choice(
        [
            None,
            str(u),  # canonical: packed as 16 bytes
            str(u).upper(),  # not canonical: kept as text
            u.hex,
            "{" + str(u) + "}",
            "urn:uuid:" + str(u),
            random_text(rng, SEAT_POOL),
            "stalls/row-5/seat-12",
        ]
    )


def random_slug(rng: random.Random) -> str:
    first = string.ascii_lowercase + string.digits
    return rng.choice(first) + "".join(rng.choice(first + "_-") for _ in range(rng.choice([0, 3, 6, 23, 62])))


def random_claims(rng: random.Random) -> TicketClaims:
    return TicketClaims(
        order_code=rng.choice(["Ω-Заказ", "A7K2-93XF", random_text(rng, ORDER_POOL)]),
        order_item_id=random_number(rng),
        event_id=random_number(rng),
        seat_guid=random_seat(rng),
        serial=random_number(rng),
    )


def test_random_claims_make_the_same_codes_on_both_sides(conn: psycopg.Connection) -> None:
    rng = random.Random(63)
    cases = [
        (random_slug(rng), rng.randbytes(rng.choice([16, 32, 64, 65, 100])), random_claims(rng)) for _ in range(300)
    ]
    got = conn.execute(
        "SELECT bo_ticket_pack(i, e, s, o, g), bo_ticket_sign(slug, k, i, e, s, o, g) "
        "FROM unnest(%s::text[], %s::bytea[], %s::bigint[], %s::bigint[], %s::bigint[], %s::text[], %s::text[]) "
        "WITH ORDINALITY AS t(slug, k, i, e, s, o, g, n) ORDER BY n",
        tuple(
            list(column)
            for column in zip(
                *(
                    (slug, key, c.order_item_id, c.event_id, c.serial, c.order_code, c.seat_guid)
                    for slug, key, c in cases
                ),
                strict=True,
            )
        ),
    ).fetchall()
    assert [bytes(packed) for packed, _ in got] == [tc._pack(c) for _, _, c in cases]
    sql_codes = [code for _, code in got]
    python_codes = [sign_ticket(slug, key, c) for slug, key, c in cases]
    assert sql_codes == python_codes
    forms = {
        "none" if c.seat_guid is None else "uuid" if tc._is_canonical_uuid(c.seat_guid) else "text" for *_, c in cases
    }
    assert forms == {"none", "uuid", "text"}  # every seat form was made

    # What the server signed, Python verifies...
    for (_, key, claims), code in zip(cases, sql_codes, strict=True):
        assert verify_ticket(code, key) == claims
    # ...and what Python signed, the server verifies, reading the same claims (in any case, padded).
    verified = conn.execute(
        "SELECT r.* FROM unnest(%s::text[], %s::bytea[]) WITH ORDINALITY AS t(code, k, n) "
        "CROSS JOIN LATERAL bo_ticket_verify(t.code, t.k) AS r ORDER BY t.n",
        ([code if i % 3 else f" {code.lower()}\n" for i, code in enumerate(python_codes)], [k for _, k, _ in cases]),
    ).fetchall()
    for (slug, _, c), code, row in zip(cases, python_codes, verified, strict=True):
        assert row == (None, slug, code.rsplit(".", 1)[0], code.rsplit(".", 1)[1], c.order_item_id, c.event_id,
                       c.serial, c.order_code, c.seat_guid)  # fmt: skip
    # Under another key every one of them is refused.
    problems = sql_rows(conn, python_codes, OTHER_SECRET)
    assert {row[0] for row in problems} == {"bad_signature"}


def test_the_reference_code(conn: psycopg.Connection) -> None:
    (code,) = conn.execute(
        "SELECT bo_ticket_sign('teatr-1', %s, 123456, 4242, 3, 'A7K2-93XF', '2f1b9a3e-8a7b-4c5d-9e0f-112233445566')",
        (SECRET,),
    ).fetchone()
    assert code == CODE
    rows = sql_rows(conn, [CODE, CODE.lower(), f"  {CODE}\n", f"\t{CODE.lower()}\r\n"], SECRET)
    claims = (CLAIMS.order_item_id, CLAIMS.event_id, CLAIMS.serial, CLAIMS.order_code, CLAIMS.seat_guid)
    assert {row for row in rows} == {(None, "teatr-1", CODE.rsplit(".", 1)[0], CODE.rsplit(".", 1)[1], *claims)}
    # Parsing alone does not need the key; verifying with another one fails on the signature only.
    assert sql_rows(conn, [CODE]) == rows[:1]
    assert sql_rows(conn, [CODE], OTHER_SECRET) == [("bad_signature", *rows[0][1:])]
    # A reprint has a new serial, and both verify (which one admits is the database's business).
    (reprint,) = conn.execute(
        "SELECT bo_ticket_sign('teatr-1', %s, 123456, 4242, 4, 'A7K2-93XF', '2f1b9a3e-8a7b-4c5d-9e0f-112233445566')",
        (SECRET,),
    ).fetchone()
    assert reprint != CODE
    assert sql_rows(conn, [reprint], SECRET)[0][6] == 4


def test_every_single_character_alteration_is_a_problem(conn: psycopg.Connection) -> None:
    alphabet = string.ascii_uppercase + string.ascii_lowercase + string.digits + ".-_=/+ "
    altered = [
        CODE[:position] + replacement + CODE[position + 1 :]
        for position, original in enumerate(CODE)
        for replacement in alphabet
        if replacement.upper() != original
    ]
    assert len(altered) > 60 * len(CODE)
    rows = assert_like_python(conn, altered, SECRET)
    assert None not in {row[0] for row in rows}
    # Every stage gets its turn somewhere along the code.
    assert {row[0] for row in rows} >= {
        "not_ours", "version", "parts", "tenant", "signature_damaged", "signature_length", "content_damaged",
        "bad_signature",
    }  # fmt: skip


def test_deletions_insertions_and_truncations_are_problems(conn: psycopg.Connection) -> None:
    texts = []
    for position in range(len(CODE)):
        texts += [CODE[:position] + CODE[position + 1 :], CODE[:position] + "A" + CODE[position:], CODE[:position]]
        if position:
            texts.append(CODE[position:])
    rows = assert_like_python(conn, texts, SECRET)
    assert None not in {row[0] for row in rows}


def test_other_tenants_and_versions(conn: psycopg.Connection) -> None:
    theirs = sign_ticket("kino", OTHER_SECRET, CLAIMS)
    rows = assert_like_python(
        conn,
        [theirs, theirs.replace("KINO", "TEATR-1"), CODE.replace("BO1.", "BO2."), CODE.replace("BO1.", "BO01.")],
        SECRET,
    )
    assert [row[0] for row in rows] == ["bad_signature", "bad_signature", "version", "version"]
    assert rows[0][1] == "kino"  # the tenant is readable without the key: that is how its key is found


SIG = "INQBZCHF4EK2RJ7CDHPLT2XHG4JMIJE2"  # any 32 characters of base32, as in test_ticket_codes.py


def payload(data: bytes) -> str:
    """A code around a hand-made payload (the signature is never reached)."""
    return f"BO1.T.{tc._b32encode(data)}.{'A' * 32}"


# A handful of texts, what Python says of each, and the key the server gives.
WHAT_PYTHON_SAYS = [
    (None, "must be text", "not_text"),
    ("", "empty", "empty"),
    (" \n\t", "empty", "empty"),
    ("BO1.TEATR." + "A" * 500 + ".B", "too long", "too_long"),
    ("hello", "not a box office ticket code", "not_ours"),
    ("BO.TEATR.AAAA.BBBB", "not a box office ticket code", "not_ours"),
    ("BO2.TEATR.AAAA.BBBB", "version 2", "version"),
    ("BO1.TEATR.AAAA", "wrong number of parts", "parts"),
    ("BO1.TEATR.AAAA.BBBB.CCCC", "wrong number of parts", "parts"),
    (f"BO1..AEAQCASYGEAA.{SIG}", "no valid organisation", "tenant"),
    (f"BO1.TEATR.AEAQCASYGEAA.{SIG[:-2]}", "signature is damaged (not base32)", "signature_damaged"),
    (f"BO1.TEATR.AEAQCASYGEAA.{SIG[:-1]}", "signature is damaged (wrong length)", "signature_length"),
    (f"BO1.TEATR.A.{SIG}", "content is damaged (not base32)", "content_damaged"),
    (f"BO1.TEATR.AEAQCASYGEAA0.{SIG}", "content is damaged (not base32)", "content_damaged"),
    (payload(b"\x01\x01\x01\x00\x00"), "damaged (a ticket needs an order code.)", "content_damaged"),
    (payload(b"\x01\x01\x01\x01A\x00\x00"), "content is damaged (trailing data)", "content_damaged"),
    (payload(b"\x01\x01\x01\x01A"), "content is damaged (cut short)", "content_damaged"),
    (payload(b"\x01\x01\x01\x01A\x05"), "content is damaged (unknown seat form)", "content_damaged"),
    (payload(b"\xff" * 10), "content is damaged (bad number)", "content_damaged"),
    (payload(b"\x01\x01\x01\x01\xff\x00"), "content is damaged (bad text)", "content_damaged"),
    (payload(b"\x01\x01\x01\x41" + b"x" * 65 + b"\x00"), "content is damaged (text too long)", "content_damaged"),
    (CODE.replace("BO1.TEATR-1.", "BO1.KINO."), "signature does not match", "bad_signature"),
]  # fmt: skip


def test_keys_mean_what_pythons_messages_say(conn: psycopg.Connection) -> None:
    texts = [text for text, _, _ in WHAT_PYTHON_SAYS]
    for text, message, key in WHAT_PYTHON_SAYS:
        with pytest.raises(InvalidTicket) as caught:
            verify_ticket(text, SECRET)  # type: ignore[arg-type]
        assert message in str(caught.value).lower(), text
        assert key_of(str(caught.value)) == key, text
    verified = assert_like_python(conn, texts, SECRET)
    assert [row[0] for row in verified] == [key for _, _, key in WHAT_PYTHON_SAYS]
    # All but a wrong signature are found without the key.
    read = assert_like_python(conn, texts)
    assert [row[0] for row in read] == [key if key != "bad_signature" else None for _, _, key in WHAT_PYTHON_SAYS]


def varint(value: int, padding: int = 0) -> bytes:
    """LEB128 as Python writes it, or longer by ``padding`` bytes (which Python still reads)."""
    out = bytearray(tc._varint(value))
    if padding:
        out[-1] |= 0x80
        out += b"\x80" * (padding - 1) + b"\x00"
    return bytes(out)


def signed_around(data: bytes) -> str:
    """A genuinely signed code around a hand-made payload, so that only the payload can be wrong."""
    signed = f"BO1.T.{tc._b32encode(data)}"
    return f"{signed}.{tc._b32encode(tc._mac(SECRET, signed))}"


def test_hand_made_payloads_are_judged_as_python_judges_them(conn: psycopg.Connection) -> None:
    texts = [
        b"A", b"", b"\x00", b"A\x00", b"\x7f", "é€😀Ж".encode(), b"x" * 64, b"x" * 65, "Ж".encode() * 32,
        b"\x80", b"\xbf", b"\xc0\x80", b"\xc1\xbf", b"\xc2", b"\xc2\x7f", b"\xc2\xc0", b"\xc2\x80", b"\xdf\xbf",
        b"\xe0\x80\x80", b"\xe0\x9f\xbf", b"\xe0\xa0\x80", b"\xe1\x80\x80", b"\xec\xbf\xbf", b"\xed\x9f\xbf",
        b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xee\x80\x80", b"\xef\xbf\xbf", b"\xef\xbf", b"\xe2\x82", b"\xe2\x28\xa1",
        b"\xf0\x8f\xbf\xbf", b"\xf0\x90\x80\x80", b"\xf3\xbf\xbf\xbf", b"\xf4\x8f\xbf\xbf", b"\xf4\x90\x80\x80",
        b"\xf0\x90\x80", b"\xf5\x80\x80\x80", b"\xf8\x88\x80\x80\x80", b"\xfe", b"\xff", b"A\xe2\x82\xacB",
    ]  # fmt: skip
    numbers = [(0, 0), (1, 0), (1, 1), (1, 9), (1, 10), (2**63 - 1, 0), (2**63 - 1, 1), (2**63, 0), (2**64, 0),
               (2**70 - 1, 0), (127, 0), (128, 0), (5, 8)]  # fmt: skip
    seat_uuid = uuid.UUID(int=0x0123456789ABCDEF0123456789ABCDEF).bytes
    order = varint(1) + b"A"
    payloads = [varint(n, pad) + b"\x01\x01" + order + b"\x00" for n, pad in numbers]
    payloads += [b"\x01" + varint(n, pad) + b"\x01" + order + b"\x00" for n, pad in numbers]
    payloads += [b"\x01\x01" + varint(n, pad) + order + b"\x00" for n, pad in numbers]
    payloads += [b"\x01\x01\x01" + varint(len(t)) + t + b"\x00" for t in texts]
    payloads += [b"\x01\x01\x01" + order + b"\x02" + varint(len(t)) + t for t in texts]
    payloads += [
        b"\x01\x01\x01" + varint(1, 3) + b"A\x00",  # a longer length is still a length
        b"\x01\x01\x01" + varint(2**64) + b"A\x00",
        b"\x01\x01\x01" + varint(3) + b"A\x00",
        b"\x01\x01\x01" + order + b"\x01" + seat_uuid,
        b"\x01\x01\x01" + order + b"\x01" + seat_uuid[:15],
        b"\x01\x01\x01" + order + b"\x01" + seat_uuid + b"\x00",
        b"\x01\x01\x01" + order + b"\x02" + varint(2, 1) + b"s1",
        b"\x01\x01\x01" + order + b"\x02" + varint(65) + b"s" * 65,
        b"\x01\x01\x01" + order + b"\x02",
        b"\x01\x01\x01" + order + b"\x03",
        b"\x01\x01\x01" + order + b"\xff",
        b"\x01\x01\x01" + order,
        b"\x01\x01\x01" + order + b"\x00\x00",
        b"\x01\x01\x01",
        b"\x01\x01\x01\x81",
        b"",
    ]
    codes = [signed_around(p) for p in payloads]
    rows = assert_like_python(conn, codes, SECRET)
    assert {row[0] for row in rows} == {None, "content_damaged"}
    assert_like_python(conn, codes)


def test_texts_python_reads_oddly_are_read_the_same(conn: psycopg.Connection) -> None:
    signed, signature = CODE.rsplit(".", 1)
    payload = signed.split(".")[2]
    first_class = sign_ticket("first-class", SECRET, CLAIMS)
    _, _, fc_payload, fc_signature = first_class.split(".")
    texts = [
        # Python's upper() turns these into ASCII, so they are the genuine codes to Python, and here.
        f"bo1.ﬁrﬆ-claß.{fc_payload}.{fc_signature}",
        f"bo1.ﬁrst-cla\u017fs.{fc_payload}.{fc_signature}",
        f"BO1.TEATR-1.{payload.lower().replace('i', 'ı')}.{signature}",
        # Python's strip() takes Unicode whitespace.
        f"\u3000\xa0\x1c{CODE}\x85\u2028\x0b\x0c",
        # A Kelvin sign lower-cases to 'k': the tenant is valid, but Python cannot MAC it (it crashes).
        f"BO1.TEATR-\u212a.{payload}.{signature}",
        "BO1.TEATR-\u0130.X.Y",  # a dotted capital I lower-cases to 'i' and a combining dot: no tenant
        # Python's '$' also matches before a final newline: a tenant ending in one is valid.
        f"BO1.TEATR-1\n.{payload}.{signature}",
        f"BO1.TEATR-1\n\n.{payload}.{signature}",
        f"BO1.TEATR-1.{payload}\n.{signature}",
        # str.isdigit() is Unicode: the first four are versions, not foreign codes; no digit, no version.
        "BO\xb2.X.Y.Z", "BO\u0661.X.Y.Z", "BO\u2460.X.Y.Z", "BO1\u0661.X.Y.Z", "BOx.X.Y.Z", "BO", "BO.X.Y.Z",
        # The length limit counts the upper-cased text, which Python lengthens for some characters.
        "\u0390" * 133, "\u0390" * 134, "ß" * 200, "ß" * 201, "\ufb03" * 134, "é" * 401, "é" * 400,
        # Non-ASCII in each part fails where that part is checked.
        f"BÖ1.TEATR-1.{payload}.{signature}",
        f"BO1.TEATRÉ.{payload}.{signature}",
        f"BO1.TEATR-1.{payload}É.{signature}",
        f"BO1.TEATR-1.{payload}.{signature[:-1]}É",
        f"BO1.TEATR-1.{payload[:-1]}\u1e96.{signature}",  # upper case 'H' and a combining line
        f"BO1.TEATR-1.{payload}.{signature}\u212a",
        f"BO1.TEATR-1.{payload}.{signature}\ufb00",
        f"BO1.TEATR-1.{payload}.{signature[:-2]}\ufb00",
    ]  # fmt: skip
    rows = assert_like_python(conn, texts, SECRET)
    assert [row[0] for row in rows[:4]] == [None] * 4
    assert rows[0][1:3] == ("first-class", first_class.rsplit(".", 1)[0])
    assert rows[4][:2] == ("bad_signature", "teatr-k")
    assert sql_rows(conn, texts[4:5])[0][:2] == (None, "teatr-k")
    assert [row[0] for row in rows[6:9]] == ["bad_signature", "tenant", "content_damaged"]
    assert rows[6][1] == "teatr-1\n"
    assert assert_like_python(conn, texts[6:7])[0][0] is None  # parsing alone finds nothing wrong
    assert [row[0] for row in rows[9:16]] == ["version"] * 4 + ["not_ours"] * 3
    assert [row[0] for row in rows[16:23]] == ["not_ours", "too_long", "not_ours", "too_long", "too_long",
                                               "too_long", "not_ours"]  # fmt: skip


def test_the_unicode_tables_in_the_sql_match_this_python(conn: psycopg.Connection) -> None:
    # The SQL carries what it needs of Python's Unicode data (str.strip, str.upper, str.lower of the tenant,
    # str.isdigit); a newer Python may know more characters. If this fails, regenerate those tables.
    chars = [chr(cp) for cp in range(0x80, 0x110000) if not 0xD800 <= cp < 0xE000]
    special = [c for c in chars if c.upper() != c and (len(c.upper()) > 1 or any(x.isascii() for x in c.upper()))]
    to_ascii_lower = [c for c in chars if any(x.isascii() for x in c.lower())]
    texts = []
    for c in special:
        over = 400 // len(c.upper()) + 1
        texts += [c * over, c * (over - 1)]  # over the length limit only once upper-cased
    texts += [f"BO1.A{c}.X.Y" for c in special + to_ascii_lower]  # a valid tenant only if it becomes ASCII
    texts += [f"BO{c}.X.Y.Z" for c in chars if c.isdigit()]
    texts += [f"{c}{CODE}{c}" for c in chars if c.isspace()]
    assert_like_python(conn, texts, SECRET)


def test_a_slug_ending_in_a_newline_signs_as_in_python(conn: psycopg.Connection) -> None:
    (code,) = conn.execute("SELECT bo_ticket_sign(%s, %s, 1, 2, 3, 'X', NULL)", ("teatr\n", SECRET)).fetchone()
    assert code == sign_ticket("teatr\n", SECRET, TicketClaims("X", 1, 2, None, 3))
    assert assert_like_python(conn, [code], SECRET)[0][:2] == (None, "teatr\n")


def test_nul_in_a_text_is_the_one_difference(conn: psycopg.Connection) -> None:
    # Python signs and reads an order code with NUL in it; PostgreSQL text cannot hold NUL, so the
    # server calls it damaged. No order code or seat guid from the database can contain one.
    code = sign_ticket("teatr", SECRET, TicketClaims("A\x00B", 1, 2, "s\x00", 3))
    assert verify_ticket(code, SECRET).order_code == "A\x00B"
    assert sql_rows(conn, [code], SECRET)[0][0] == "content_damaged"


def test_random_damage_is_judged_as_python_judges_it(conn: psycopg.Connection) -> None:
    rng = random.Random(1)
    pool = (
        string.ascii_letters + string.digits + "....--_=/+ " + "\n\t\r\x0b\x0c\x1c\x85\xa0\u3000\u2028"
        + "ßſıﬁﬀﬃﬅΐǰŉ\u1e96\u212aİéΩЖ²\u0661\u2460😀"
    )  # fmt: skip
    bases = [CODE, sign_ticket("first-class", SECRET, CLAIMS)] + [
        sign_ticket(random_slug(rng), SECRET, random_claims(rng)) for _ in range(8)
    ]
    texts = []
    for _ in range(2500):
        text = rng.choice(bases)
        if rng.random() < 0.3:
            text = text.lower()
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            position = rng.randrange(len(text) + 1)
            action = rng.random()
            if action < 0.5:
                text = text[:position] + rng.choice(pool) + text[position + 1 :]
            elif action < 0.8:
                text = text[:position] + rng.choice(pool) + text[position:]
            else:
                text = text[:position] + text[position + 1 :]
        texts.append(text)
    rows = assert_like_python(conn, texts, SECRET)
    assert len({row[0] for row in rows}) >= 9  # the damage reaches every stage
    assert_like_python(conn, texts[:500])


def test_bad_claims_and_keys_raise(conn: psycopg.Connection) -> None:
    good = {"slug": "teatr", "key": SECRET, "i": 1, "e": 2, "s": 3, "o": "X", "g": None}
    bad = [
        {"slug": slug}
        for slug in (None, "", "Teatr", "-x", "a.b", "x" * 64, "театр", "teatr\n\n", " teatr")
    ] + [
        {"key": None}, {"key": b""}, {"key": b"x" * 15},
        {"s": 0}, {"i": -1}, {"e": None}, {"o": None}, {"o": ""}, {"o": "x" * 65}, {"o": "Ж" * 33},
        {"g": ""}, {"g": "x" * 65},
    ]  # fmt: skip
    for change in bad:
        with pytest.raises(psycopg.errors.InvalidParameterValue):
            conn.execute(
                "SELECT bo_ticket_sign(%(slug)s, %(key)s, %(i)s, %(e)s, %(s)s, %(o)s, %(g)s)", {**good, **change}
            )
    assert conn.execute("SELECT bo_ticket_sign(%(slug)s, %(key)s, %(i)s, %(e)s, %(s)s, %(o)s, %(g)s)", good).fetchone()
    # Python's ConfigurationError: a key that is too short is the caller's fault, not the scanned text's.
    for key in (None, b"short"):
        with pytest.raises(psycopg.errors.InvalidParameterValue):
            conn.execute("SELECT * FROM bo_ticket_verify(%s, %s)", (CODE, key))
