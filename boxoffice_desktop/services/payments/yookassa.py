"""A small YooKassa API v3 client of our own, over ``requests``.

Why not the official SDK: it sets no network timeout (a hung connection blocks forever), invents a new
idempotence key per call unless given one (so a caller's retry is a second payment), keeps credentials
global to the process (we have one shop per tenant) and passes amounts through ``float``.

Here: one ``requests.Session`` per client (per tenant), explicit connect and read timeouts, the caller's
idempotence key on every POST, amounts as decimal strings, and every failure sorted into exactly two
kinds — ``ProviderRejected`` (it did not happen) or ``OutcomeUnknown`` (it may have happened).
The secret key never appears in a log line, an exception or a repr.

A client is meant to be used from one worker thread at a time, like the ``requests.Session`` under it.
"""

from __future__ import annotations

import base64
import http.client
import json
import logging
import time
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, TypeVar
from urllib.parse import quote, urlsplit

import requests
from requests.adapters import HTTPAdapter

from boxoffice_desktop.errors import ConfigurationError

from .bodies import capture_body, check_idempotence_key, check_object_id, payment_body, refund_body
from .errors import OutcomeUnknown, ProviderRejected
from .models import PaymentResult, RefundResult

log = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.yookassa.ru/v3/"

T = TypeVar("T")


class _BasicAuth(requests.auth.AuthBase):
    """HTTP Basic credentials whose repr shows nothing secret (unlike a plain tuple on the session)."""

    def __init__(self, user: str, password: str) -> None:
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        self._header = f"Basic {token}"

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = self._header
        return request

    def __repr__(self) -> str:
        return "<_BasicAuth (hidden)>"


class YooKassaClient:
    """The API of one YooKassa shop (one tenant)."""

    def __init__(
        self,
        shop_id: str,
        secret_key: str,
        *,
        api_url: str = DEFAULT_API_URL,
        connect_timeout: float = 5.0,
        read_timeout: float = 15.0,
        session: requests.Session | None = None,
    ) -> None:
        shop_id = str(shop_id).strip()
        if not shop_id:
            raise ConfigurationError("The YooKassa shop id is empty.")
        if not isinstance(secret_key, str) or not secret_key.strip():
            raise ConfigurationError(f"The YooKassa secret key of shop {shop_id} is empty.")
        parts = urlsplit(api_url)
        if parts.scheme not in ("https", "http") or not parts.hostname:
            raise ConfigurationError(f"Not an API address: {api_url!r}.")
        if parts.username or parts.password:
            # Credentials in the address would end up in logs and error messages.
            raise ConfigurationError("The API address must not contain credentials.")
        if connect_timeout <= 0 or read_timeout <= 0:
            raise ConfigurationError("Network timeouts must be positive.")
        self.shop_id = shop_id
        self.api_url = api_url if api_url.endswith("/") else api_url + "/"
        self.timeout = (float(connect_timeout), float(read_timeout))
        self._auth = _BasicAuth(shop_id, secret_key)
        if session is None:
            session = requests.Session()
            # No hidden retries below us: each attempt is one request our policy can see and count.
            adapter = HTTPAdapter(max_retries=0)
            session.mount("https://", adapter)
            session.mount("http://", adapter)
        self._session = session

    def __repr__(self) -> str:
        return f"YooKassaClient(shop_id={self.shop_id!r}, api_url={self.api_url!r})"

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> YooKassaClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- payments ---------------------------------------------------------------------------------

    def create_payment(
        self,
        *,
        amount: Decimal,
        description: str,
        metadata: Mapping[str, str | int],
        idempotence_key: str,
        confirmation: Mapping[str, Any],
        receipt: Mapping[str, Any] | None = None,
        capture: bool = True,
        currency: str = "RUB",
    ) -> PaymentResult:
        """POST /payments. Repeat with the same key and arguments after ``OutcomeUnknown``."""
        body = payment_body(
            amount=amount,
            description=description,
            metadata=metadata,
            confirmation=confirmation,
            receipt=receipt,
            capture=capture,
            currency=currency,
        )
        op = "create payment"
        data = self._request("POST", "payments", op, body=body, idempotence_key=idempotence_key)
        return _parse(PaymentResult.from_api, data, op)

    def get_payment(self, payment_id: str) -> PaymentResult:
        """GET /payments/{id}: the only source of truth about a payment's state."""
        op = "get payment"
        data = self._request("GET", f"payments/{_path_id(payment_id)}", op)
        return _parse(PaymentResult.from_api, data, op)

    def capture_payment(
        self, payment_id: str, idempotence_key: str, amount: Decimal | None = None, *, currency: str = "RUB"
    ) -> PaymentResult:
        """POST /payments/{id}/capture for a two-stage payment in ``waiting_for_capture``."""
        op = "capture payment"
        data = self._request(
            "POST",
            f"payments/{_path_id(payment_id)}/capture",
            op,
            body=capture_body(amount, currency),
            idempotence_key=idempotence_key,
        )
        return _parse(PaymentResult.from_api, data, op)

    def cancel_payment(self, payment_id: str, idempotence_key: str) -> PaymentResult:
        """POST /payments/{id}/cancel. YooKassa cancels only ``waiting_for_capture`` payments; a
        ``pending`` one is refused (it expires by itself when the customer does not pay)."""
        op = "cancel payment"
        data = self._request(
            "POST", f"payments/{_path_id(payment_id)}/cancel", op, body={}, idempotence_key=idempotence_key
        )
        return _parse(PaymentResult.from_api, data, op)

    # -- refunds ----------------------------------------------------------------------------------

    def create_refund(
        self,
        *,
        payment_id: str,
        amount: Decimal,
        idempotence_key: str,
        receipt: Mapping[str, Any] | None = None,
        description: str | None = None,
        currency: str = "RUB",
    ) -> RefundResult:
        """POST /refunds, for a ``succeeded`` payment, up to what is left of it."""
        body = refund_body(
            payment_id=payment_id, amount=amount, receipt=receipt, description=description, currency=currency
        )
        op = "create refund"
        data = self._request("POST", "refunds", op, body=body, idempotence_key=idempotence_key)
        return _parse(RefundResult.from_api, data, op)

    def get_refund(self, refund_id: str) -> RefundResult:
        op = "get refund"
        data = self._request("GET", f"refunds/{_path_id(refund_id, 'refund')}", op)
        return _parse(RefundResult.from_api, data, op)

    # -- transport --------------------------------------------------------------------------------

    def _request(
        self,
        method: str,
        path: str,
        operation: str,
        *,
        body: Mapping[str, Any] | None = None,
        idempotence_key: str | None = None,
    ) -> dict[str, Any]:
        headers = {"Accept": "application/json"}
        data: bytes | None = None
        if method == "POST":
            headers["Idempotence-Key"] = check_idempotence_key(idempotence_key or "")
            _refuse_floats(body or {})
            # sort_keys: the same arguments always give the same bytes, whatever order a caller
            # built its dicts in; a retry under the same key must carry the same body.
            data = json.dumps(body or {}, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
            headers["Content-Type"] = "application/json"
        url = self.api_url + path
        started = time.monotonic()
        try:
            response = self._session.request(
                method,
                url,
                data=data,
                headers=headers,
                auth=self._auth,
                timeout=self.timeout,
                allow_redirects=False,
            )
        except requests.ConnectTimeout as exc:
            raise self._unknown(operation, "could not connect in time", idempotence_key, exc) from exc
        except requests.Timeout as exc:
            raise self._unknown(operation, "no answer in time", idempotence_key, exc) from exc
        except (
            requests.ConnectionError,
            requests.exceptions.ChunkedEncodingError,
            requests.exceptions.ContentDecodingError,
            http.client.HTTPException,
        ) as exc:
            raise self._unknown(operation, "the connection broke", idempotence_key, exc) from exc
        except requests.RequestException as exc:
            raise self._unknown(operation, f"request failed ({type(exc).__name__})", idempotence_key, exc) from exc
        elapsed = time.monotonic() - started
        log.info(
            "YooKassa %s %s → HTTP %s in %.2f s (shop %s, key %s)",
            method,
            path,
            response.status_code,
            elapsed,
            self.shop_id,
            idempotence_key or "-",
        )
        return self._read(response, operation)

    def _unknown(self, operation: str, reason: str, idempotence_key: str | None, exc: BaseException) -> OutcomeUnknown:
        # The exception's text names host and port only; requests never puts headers into it.
        log.warning(
            "YooKassa %s: %s (shop %s, key %s): %s",
            operation,
            reason,
            self.shop_id,
            idempotence_key or "-",
            type(exc).__name__,
        )
        return OutcomeUnknown(operation, reason)

    def _read(self, response: requests.Response, operation: str) -> dict[str, Any]:
        status = response.status_code
        payload = _json_or_none(response)
        if status == 202:
            # "Still processing": the same request with the same key will return the result.
            retry_after = None
            if isinstance(payload, dict) and isinstance(payload.get("retry_after"), int | Decimal):
                retry_after = float(payload["retry_after"]) / 1000.0  # YooKassa gives milliseconds
            raise OutcomeUnknown(operation, "still processing (HTTP 202)", http_status=202, retry_after=retry_after)
        if status >= 500 or status == 408:
            raise OutcomeUnknown(operation, f"server error (HTTP {status})", http_status=status)
        if 400 <= status < 500:
            error = payload if isinstance(payload, dict) else {}
            rejected = ProviderRejected(
                operation,
                code=str(error.get("code") or f"http_{status}"),
                description=str(error.get("description") or response.reason or ""),
                http_status=status,
                parameter=str(error["parameter"]) if error.get("parameter") else None,
                request_id=str(error["id"]) if error.get("id") else None,
            )
            log.warning("YooKassa %s refused (shop %s): %s", operation, self.shop_id, rejected)
            raise rejected
        if not 200 <= status < 300:
            raise OutcomeUnknown(operation, f"unexpected answer (HTTP {status})", http_status=status)
        if not isinstance(payload, dict):
            # A cut or garbled body: the request may well have been carried out.
            raise OutcomeUnknown(operation, "unreadable answer", http_status=status)
        return payload


def _json_or_none(response: requests.Response) -> Any:
    try:
        # parse_float=Decimal: should a number ever come back bare, it never passes through float.
        return json.loads(response.content.decode("utf-8"), parse_float=Decimal)
    except (ValueError, UnicodeDecodeError, requests.RequestException):
        return None


def _parse(reader: Callable[[Mapping[str, Any]], T], data: Mapping[str, Any], operation: str) -> T:
    try:
        result = reader(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        log.warning("YooKassa %s: unreadable answer: %s", operation, exc)
        raise OutcomeUnknown(operation, "unreadable answer") from exc
    log.debug("YooKassa %s: %s is %s", operation, getattr(result, "id", "?"), getattr(result, "status", "?"))
    return result


def _path_id(object_id: str, what: str = "payment") -> str:
    return quote(check_object_id(object_id, what), safe="")


def _refuse_floats(value: Any) -> None:
    """Refuse a float anywhere in a body (say, a hand-built receipt): money on the wire is text."""
    if isinstance(value, float):
        raise TypeError("a float in a payment request body; use Decimal and decimal strings")
    if isinstance(value, Mapping):
        for item in value.values():
            _refuse_floats(item)
    elif isinstance(value, list | tuple):
        for item in value:
            _refuse_floats(item)
