"""A fake YooKassa API v3: a real HTTP server on 127.0.0.1 that speaks the documented protocol.

Written from YooKassa's documentation, independently of our client, so the tests check the client
against the protocol rather than against itself. What it does:

- HTTP Basic authentication (401 ``invalid_credentials`` otherwise);
- ``POST /payments`` (amount as a decimal string with two places, RUB, an ``Idempotence-Key`` header;
  the same key with the same body gives the same payment, with another body a 400),
  ``GET /payments/{id}``, ``POST /payments/{id}/capture``, ``POST /payments/{id}/cancel`` (only
  ``waiting_for_capture``, as YooKassa), ``POST /refunds`` (only ``succeeded`` payments, up to what is
  left), ``GET /refunds/{id}``;
- error bodies shaped like YooKassa's ``{"type": "error", "id", "code", "description", "parameter"}``.

Test controls: ``succeed``, ``cancel``, ``payments``, ``refunds``, ``requests`` (the log) and scripted
faults, a queue per route: ``fail_next("POST /payments", "500_after_create")``. Faults:

=========================  ===========================================================================
``500``                    answer 500 ``internal_server_error``; nothing happens
``500_after_create``       carry the request out, then answer 500
``202``                    answer 202 "processing" (``retry_after`` in ms); nothing happens
``202_after_create``       carry the request out, then answer 202 "processing"
``202_empty``              answer 202 with an empty body; nothing happens
``429`` / ``401``          ``too_many_requests`` / ``invalid_credentials``; nothing happens
``timeout``                carry the request out, then answer only after ``timeout_delay`` seconds
``drop``                   close the connection without answering; nothing happens
``drop_after_create``      carry the request out, then close the connection without answering
``cut_after_create``       carry the request out, then send half of the answer and close
``not_json_after_create``  carry the request out, then answer 200 with a body that is not JSON
=========================  ===========================================================================

("after_create" means "after the request took effect", for any route.) The server keeps serving
after every fault.
"""

from __future__ import annotations

import base64
import copy
import json
import re
import socket
import threading
import uuid
from collections import defaultdict, deque
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

ROUTES = (
    "POST /payments",
    "GET /payments/{id}",
    "POST /payments/{id}/capture",
    "POST /payments/{id}/cancel",
    "POST /refunds",
    "GET /refunds/{id}",
)
FAULTS = (
    "500",
    "500_after_create",
    "202",
    "202_after_create",
    "202_empty",
    "429",
    "401",
    "timeout",
    "drop",
    "drop_after_create",
    "cut_after_create",
    "not_json_after_create",
)
_BEFORE = {"500", "202", "202_empty", "429", "401", "drop"}  # these faults leave the request undone

_MONEY = re.compile(r"^\d{1,10}\.\d{2}$")
_PARTY_OF_REASON = {
    "canceled_by_merchant": "merchant",
    "expired_on_capture": "yoo_money",
    "expired_on_confirmation": "yoo_money",
    "card_expired": "payment_network",
    "insufficient_funds": "payment_network",
    "3d_secure_failed": "payment_network",
    "fraud_suspected": "yoo_money",
}


class _Reply(Exception):
    """Raised inside request processing to answer with an error."""

    def __init__(self, status: int, code: str, description: str, parameter: str | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.body = error_body(code, description, parameter)


def error_body(code: str, description: str, parameter: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "error",
        "id": str(uuid.uuid4()),
        "code": code,
        "description": description,
    }
    if parameter is not None:
        body["parameter"] = parameter
    return body


@dataclass
class FakeRequest:
    method: str
    path: str
    route: str
    idempotence_key: str | None
    authorization: str | None
    body_text: str
    fault: str | None = None
    status: int | None = None  # what was answered; None when the connection was dropped


@dataclass
class _Payment:
    data: dict[str, Any]
    capture: bool
    refunded: Decimal = Decimal("0.00")


@dataclass
class _KeyUse:
    fingerprint: str
    kind: str  # "payment" or "refund"
    object_id: str


@dataclass
class FakeYooKassa:
    shop_id: str = "506751"
    secret_key: str = "test_FAKE-secret-key-0123456789abcdef"
    timeout_delay: float = 2.0  # how long a "timeout" fault keeps the client waiting
    retry_after_ms: int = 1800  # what a 202 "processing" answer asks for
    requests: list[FakeRequest] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.RLock()
        self._stop = threading.Event()
        self._payments: dict[str, _Payment] = {}
        self._order: list[str] = []
        self._refunds: dict[str, dict[str, Any]] = {}
        self._keys: dict[str, _KeyUse] = {}
        self._faults: dict[str, deque[str]] = defaultdict(deque)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle --------------------------------------------------------------------------------

    def start(self) -> FakeYooKassa:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.01},
            name="fake-yookassa",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()  # wakes handlers still sitting in a "timeout" fault
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    @property
    def port(self) -> int:
        assert self._server is not None, "the fake is not started"
        return self._server.server_address[1]

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v3/"

    # -- test controls ----------------------------------------------------------------------------

    @property
    def payments(self) -> list[dict[str, Any]]:
        """Every payment created, oldest first, as the API would show it."""
        with self._lock:
            return [copy.deepcopy(self._payments[pid].data) for pid in self._order]

    @property
    def refunds(self) -> list[dict[str, Any]]:
        with self._lock:
            return [copy.deepcopy(r) for r in self._refunds.values()]

    def payment(self, payment_id: str) -> dict[str, Any]:
        with self._lock:
            return copy.deepcopy(self._payments[payment_id].data)

    def requests_to(self, route: str) -> list[FakeRequest]:
        with self._lock:
            return [r for r in self.requests if r.route == route]

    def succeed(self, payment_id: str) -> None:
        """The customer pays: ``succeeded``, or ``waiting_for_capture`` for a two-stage payment."""
        with self._lock:
            payment = self._payments[payment_id]
            if payment.data["status"] not in ("pending", "waiting_for_capture"):
                raise ValueError(f"payment {payment_id} is {payment.data['status']}")
            if payment.capture or payment.data["status"] == "waiting_for_capture":
                self._mark_succeeded(payment)
            else:
                payment.data.update(status="waiting_for_capture", paid=True)

    def cancel(
        self, payment_id: str, reason: str = "expired_on_confirmation", party: str | None = None
    ) -> None:
        """The provider cancels the payment (the customer gave up, the bank declined, it expired)."""
        with self._lock:
            payment = self._payments[payment_id]
            if payment.data["status"] not in ("pending", "waiting_for_capture"):
                raise ValueError(f"payment {payment_id} is {payment.data['status']}")
            self._mark_canceled(payment, party or _PARTY_OF_REASON.get(reason, "yoo_money"), reason)

    def fail_next(self, route: str, fault: str, times: int = 1) -> None:
        """Script the next ``times`` requests to ``route`` (one of ``ROUTES``) to meet ``fault``."""
        if route not in ROUTES:
            raise ValueError(f"unknown route {route!r}; use one of {ROUTES}")
        if fault not in FAULTS:
            raise ValueError(f"unknown fault {fault!r}; use one of {FAULTS}")
        with self._lock:
            self._faults[route].extend([fault] * times)

    def pending_faults(self, route: str) -> list[str]:
        with self._lock:
            return list(self._faults[route])

    # -- request handling (called from the server's threads) -------------------------------------

    def _handle(self, handler: _Handler) -> None:
        method = handler.command
        path = handler.path.split("?", 1)[0]
        length = int(handler.headers.get("Content-Length") or 0)
        body_text = handler.rfile.read(length).decode("utf-8", "replace") if length else ""
        route, object_id, action = _route(method, path)
        record = FakeRequest(
            method=method,
            path=path,
            route=route or f"{method} {path}",
            idempotence_key=handler.headers.get("Idempotence-Key"),
            authorization=handler.headers.get("Authorization"),
            body_text=body_text,
        )
        with self._lock:
            self.requests.append(record)
            fault = self._faults[route].popleft() if route and self._faults[route] else None
        record.fault = fault

        if fault in _BEFORE:
            self._answer_fault(handler, record, fault)
            return
        try:
            if route is None:
                raise _Reply(404, "not_found", f"Unknown endpoint {method} {path}")
            self._authenticate(handler)
            status, body = 200, self._process(route, object_id, action, record)
        except _Reply as reply:
            status, body = reply.status, reply.body
        if fault is not None and status == 200:
            self._answer_fault(handler, record, fault, body)
            return
        self._send(handler, record, status, body)

    def _answer_fault(
        self, handler: _Handler, record: FakeRequest, fault: str, body: dict[str, Any] | None = None
    ) -> None:
        if fault in ("500", "500_after_create"):
            self._send(handler, record, 500, error_body("internal_server_error", "Internal server error"))
        elif fault in ("202", "202_after_create"):
            processing = {
                "type": "processing",
                "description": "Request accepted",
                "retry_after": self.retry_after_ms,
            }
            self._send(handler, record, 202, processing)
        elif fault == "202_empty":
            self._send(handler, record, 202, None)
        elif fault == "429":
            self._send(handler, record, 429, error_body("too_many_requests", "Too many requests"))
        elif fault == "401":
            self._send(handler, record, 401, _invalid_credentials())
        elif fault in ("drop", "drop_after_create"):
            _drop(handler)
        elif fault == "timeout":
            # Sleep past the client's read timeout (the stop event cuts it short at teardown),
            # then answer into a socket the client has most likely closed.
            self._stop.wait(self.timeout_delay)
            self._send(handler, record, 200, body)
        elif fault == "cut_after_create":
            # Headers promise the whole body; half of it comes, then the connection closes.
            payload = json.dumps(body).encode("utf-8")
            with suppress(OSError):
                handler.send_response(200)
                handler.send_header("Content-Type", "application/json; charset=utf-8")
                handler.send_header("Content-Length", str(len(payload)))
                handler.end_headers()
                handler.wfile.write(payload[: len(payload) // 2])
                handler.wfile.flush()
            _drop(handler)
        elif fault == "not_json_after_create":
            self._send(handler, record, 200, None, raw=b"<html><body>502 Bad Gateway</body></html>")
        else:  # pragma: no cover - guarded by fail_next
            raise AssertionError(fault)

    def _send(
        self,
        handler: _Handler,
        record: FakeRequest,
        status: int,
        body: dict[str, Any] | None,
        raw: bytes | None = None,
    ) -> None:
        payload = raw if raw is not None else (b"" if body is None else json.dumps(body).encode("utf-8"))
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json; charset=utf-8")
            handler.send_header("Content-Length", str(len(payload)))
            handler.end_headers()
            handler.wfile.write(payload)
            handler.wfile.flush()
            record.status = status
        except OSError:  # the client gave up (timeout) and closed its end
            handler.close_connection = True

    def _authenticate(self, handler: _Handler) -> None:
        expected = "Basic " + base64.b64encode(f"{self.shop_id}:{self.secret_key}".encode()).decode()
        if handler.headers.get("Authorization") != expected:
            raise _Reply(401, "invalid_credentials", "Authentication by given credentials failed")

    def _process(
        self, route: str, object_id: str | None, action: str | None, record: FakeRequest
    ) -> dict[str, Any]:
        with self._lock:
            if route == "GET /payments/{id}":
                return copy.deepcopy(self._find_payment(object_id).data)
            if route == "GET /refunds/{id}":
                refund = self._refunds.get(object_id or "")
                if refund is None:
                    raise _Reply(404, "not_found", "Refund not found", "refund_id")
                return copy.deepcopy(refund)
            # Every POST: an idempotence key, a JSON object; a repeat returns the same object.
            key = record.idempotence_key
            if not key:
                raise _Reply(400, "invalid_request", "Idempotence-Key header is missing", "Idempotence-Key")
            if len(key) > 64:
                raise _Reply(400, "invalid_request", "Idempotence-Key is too long", "Idempotence-Key")
            body = _json_object(record.body_text)
            fingerprint = f"{route} {object_id} " + json.dumps(body, sort_keys=True, default=str)
            used = self._keys.get(key)
            if used is not None:
                if used.fingerprint != fingerprint:
                    raise _Reply(
                        400,
                        "invalid_request",
                        "Idempotence key duplicated with another request",
                        "Idempotence-Key",
                    )
                if used.kind == "refund":
                    return copy.deepcopy(self._refunds[used.object_id])
                return copy.deepcopy(self._payments[used.object_id].data)
            if route == "POST /payments":
                result = self._create_payment(body)
                kind = "payment"
            elif route == "POST /refunds":
                result = self._create_refund(body)
                kind = "refund"
            elif action == "capture":
                result = self._capture(self._find_payment(object_id), body)
                kind = "payment"
            else:
                result = self._cancel_by_merchant(self._find_payment(object_id))
                kind = "payment"
            self._keys[key] = _KeyUse(fingerprint, kind, result["id"])
            return copy.deepcopy(result)

    # -- the objects ------------------------------------------------------------------------------

    def _create_payment(self, body: dict[str, Any]) -> dict[str, Any]:
        amount = _money(body.get("amount"), "amount")
        capture = body.get("capture", False)
        if not isinstance(capture, bool):
            raise _Reply(400, "invalid_request", "capture must be a boolean", "capture")
        confirmation = body.get("confirmation")
        if not isinstance(confirmation, dict) or confirmation.get("type") not in ("redirect", "qr"):
            raise _Reply(400, "invalid_request", "Unsupported confirmation type", "confirmation.type")
        if confirmation["type"] == "redirect" and not isinstance(confirmation.get("return_url"), str):
            raise _Reply(
                400, "invalid_request", "return_url is required for redirect", "confirmation.return_url"
            )
        description = body.get("description", "")
        if not isinstance(description, str) or len(description) > 128:
            raise _Reply(400, "invalid_request", "Description is too long", "description")
        metadata = body.get("metadata") or {}
        if (
            not isinstance(metadata, dict)
            or len(metadata) > 16
            or any(not isinstance(k, str) or len(k) > 32 for k in metadata)
            or any(not isinstance(v, str) or len(v) > 512 for v in metadata.values())
        ):
            raise _Reply(400, "invalid_request", "Invalid metadata", "metadata")
        if "receipt" in body:
            _check_receipt(body["receipt"], amount)
        payment_id = f"{uuid.uuid4().hex[:8]}-000f-5000-8000-{uuid.uuid4().hex[:12]}"
        shown = {"type": confirmation["type"]}
        if confirmation["type"] == "redirect":
            shown["return_url"] = confirmation["return_url"]
            shown["confirmation_url"] = (
                f"https://yoomoney.fake.invalid/checkout/payments/v2/contract?orderId={payment_id}"
            )
        else:
            shown["confirmation_data"] = f"https://qr.nspk.fake.invalid/{payment_id.replace('-', '').upper()}"
        data = {
            "id": payment_id,
            "status": "pending",
            "paid": False,
            "amount": {"value": body["amount"]["value"], "currency": "RUB"},
            "confirmation": shown,
            "created_at": _now(),
            "description": description,
            "metadata": dict(metadata),
            "recipient": {"account_id": self.shop_id, "gateway_id": "100500"},
            "refundable": False,
            "test": True,
        }
        self._payments[payment_id] = _Payment(data=data, capture=capture)
        self._order.append(payment_id)
        return data

    def _capture(self, payment: _Payment, body: dict[str, Any]) -> dict[str, Any]:
        if payment.data["status"] != "waiting_for_capture":
            raise _Reply(
                400, "invalid_request", f"Payment is {payment.data['status']}, not waiting_for_capture"
            )
        if "amount" in body:
            amount = _money(body["amount"], "amount")
            if amount > Decimal(payment.data["amount"]["value"]):
                raise _Reply(
                    400, "invalid_request", "Capture amount exceeds the payment amount", "amount.value"
                )
            payment.data["amount"] = {"value": body["amount"]["value"], "currency": "RUB"}
        self._mark_succeeded(payment)
        return payment.data

    def _cancel_by_merchant(self, payment: _Payment) -> dict[str, Any]:
        # YooKassa cancels only a payment waiting for capture; a pending one expires by itself.
        if payment.data["status"] != "waiting_for_capture":
            raise _Reply(
                400, "invalid_request", f"Payment is {payment.data['status']}, not waiting_for_capture"
            )
        self._mark_canceled(payment, "merchant", "canceled_by_merchant")
        return payment.data

    def _create_refund(self, body: dict[str, Any]) -> dict[str, Any]:
        payment_id = body.get("payment_id")
        if not isinstance(payment_id, str) or payment_id not in self._payments:
            raise _Reply(400, "invalid_request", "Payment not found or forbidden", "payment_id")
        payment = self._payments[payment_id]
        if payment.data["status"] != "succeeded":
            raise _Reply(400, "invalid_request", "Only a succeeded payment can be refunded", "payment_id")
        amount = _money(body.get("amount"), "amount")
        left = Decimal(payment.data["amount"]["value"]) - payment.refunded
        if amount > left:
            raise _Reply(
                400, "invalid_request", f"Refund amount exceeds what is left ({left})", "amount.value"
            )
        refund_id = f"{uuid.uuid4().hex[:8]}-0015-5000-9000-{uuid.uuid4().hex[:12]}"
        refund: dict[str, Any] = {
            "id": refund_id,
            "payment_id": payment_id,
            "status": "succeeded",
            "amount": {"value": body["amount"]["value"], "currency": "RUB"},
            "created_at": _now(),
        }
        if body.get("description"):
            refund["description"] = body["description"]
        self._refunds[refund_id] = refund
        payment.refunded += amount
        payment.data["refunded_amount"] = {"value": f"{payment.refunded:.2f}", "currency": "RUB"}
        return refund

    def _find_payment(self, payment_id: str | None) -> _Payment:
        payment = self._payments.get(payment_id or "")
        if payment is None:
            raise _Reply(404, "not_found", "Payment not found or forbidden", "payment_id")
        return payment

    @staticmethod
    def _mark_succeeded(payment: _Payment) -> None:
        payment.data.update(status="succeeded", paid=True, refundable=True, captured_at=_now())

    @staticmethod
    def _mark_canceled(payment: _Payment, party: str, reason: str) -> None:
        payment.data.update(status="canceled", paid=False, refundable=False)
        payment.data["cancellation_details"] = {"party": party, "reason": reason}


class _Handler(BaseHTTPRequestHandler):
    fake: FakeYooKassa
    protocol_version = "HTTP/1.1"  # keep-alive, as a real API behind a load balancer would
    disable_nagle_algorithm = True  # headers and body go out in separate writes: no 40 ms stalls

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self.fake._handle(self)

    def do_POST(self) -> None:  # noqa: N802
        self.fake._handle(self)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass  # the request log is ``fake.requests``; keep pytest's output clean


def _route(method: str, path: str) -> tuple[str | None, str | None, str | None]:
    """(route as in ``ROUTES``, object id, "capture"/"cancel") of a request; route None when unknown."""
    if path == "/v3/payments":
        return ("POST /payments" if method == "POST" else None), None, None
    if path == "/v3/refunds":
        return ("POST /refunds" if method == "POST" else None), None, None
    if m := re.fullmatch(r"/v3/(payments|refunds)/([^/]+)", path):
        return (f"GET /{m.group(1)}/{{id}}" if method == "GET" else None), m.group(2), None
    if m := re.fullmatch(r"/v3/payments/([^/]+)/(capture|cancel)", path):
        return (f"POST /payments/{{id}}/{m.group(2)}" if method == "POST" else None), m.group(1), m.group(2)
    return None, None, None


def _json_object(text: str) -> dict[str, Any]:
    try:
        body = json.loads(text or "{}", parse_float=Decimal)
    except ValueError:
        raise _Reply(400, "invalid_request", "Request body is not valid JSON") from None
    if not isinstance(body, dict):
        raise _Reply(400, "invalid_request", "Request body must be a JSON object")
    return body


def _money(value: Any, parameter: str) -> Decimal:
    if not isinstance(value, dict):
        raise _Reply(400, "invalid_request", "amount is required", parameter)
    text = value.get("value")
    if not isinstance(text, str) or not _MONEY.match(text) or Decimal(text) <= 0:
        raise _Reply(400, "invalid_request", f"Invalid amount value {text!r}", f"{parameter}.value")
    if value.get("currency") != "RUB":
        raise _Reply(400, "invalid_request", "Unsupported currency", f"{parameter}.currency")
    return Decimal(text)


def _check_receipt(receipt: Any, payment_amount: Decimal) -> None:
    if not isinstance(receipt, dict):
        raise _Reply(400, "invalid_request", "receipt must be an object", "receipt")
    customer = receipt.get("customer")
    if not isinstance(customer, dict) or not (customer.get("email") or customer.get("phone")):
        raise _Reply(400, "invalid_request", "receipt.customer needs an email or a phone", "receipt.customer")
    items = receipt.get("items")
    if not isinstance(items, list) or not items:
        raise _Reply(400, "invalid_request", "receipt.items is empty", "receipt.items")
    total = Decimal(0)
    for n, item in enumerate(items):
        where = f"receipt.items[{n}]"
        if not isinstance(item, dict):
            raise _Reply(400, "invalid_request", "receipt item must be an object", where)
        description = item.get("description")
        if not isinstance(description, str) or not description or len(description) > 128:
            raise _Reply(400, "invalid_request", "Invalid item description", f"{where}.description")
        if item.get("vat_code") not in range(1, 11) or isinstance(item.get("vat_code"), bool):
            raise _Reply(400, "invalid_request", "Invalid vat_code", f"{where}.vat_code")
        try:
            quantity = Decimal(str(item.get("quantity")))
        except InvalidOperation:
            raise _Reply(400, "invalid_request", "Invalid quantity", f"{where}.quantity") from None
        if not quantity.is_finite() or quantity <= 0:
            raise _Reply(400, "invalid_request", "Invalid quantity", f"{where}.quantity")
        total += quantity * _money(item.get("amount"), f"{where}.amount")
    if total != payment_amount:
        raise _Reply(
            400, "invalid_request", f"Receipt total {total} differs from the payment amount", "receipt"
        )


def _invalid_credentials() -> dict[str, Any]:
    return error_body("invalid_credentials", "Authentication by given credentials failed")


def _drop(handler: _Handler) -> None:
    handler.close_connection = True
    with suppress(OSError):
        handler.connection.shutdown(socket.SHUT_RDWR)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


@contextmanager
def fake_yookassa(**settings: Any) -> Iterator[FakeYooKassa]:
    """A started fake server for a ``with`` block (or a fixture); stopped on exit."""
    fake = FakeYooKassa(**settings).start()
    try:
        yield fake
    finally:
        fake.stop()
