"""Errors of the online payment layer.

The one distinction that matters to the order services is whether the provider *refused* an operation
(``ProviderRejected``: nothing happened, a new attempt needs a new idempotence key) or whether we cannot
tell (``OutcomeUnknown``: the operation may have happened; repeat it with the SAME key and body, or fetch
the object, but never treat it as failed). A timeout is never a failure.
"""

from __future__ import annotations

from boxoffice_desktop.errors import PaymentError


class OutcomeUnknown(PaymentError):
    """The provider's answer was lost or inconclusive (HTTP 500/202, timeout, dropped connection).

    ``retry_after`` is the pause in seconds the provider asked for (HTTP 202), when it said so.
    """

    def __init__(
        self,
        operation: str,
        reason: str,
        *,
        http_status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        self.operation = operation
        self.reason = reason
        self.http_status = http_status
        self.retry_after = retry_after
        super().__init__(
            f"The payment service did not confirm '{operation}' ({reason}); it may or may not have happened."
        )


class ProviderRejected(PaymentError):
    """The provider answered with an error (HTTP 4xx): the operation did not happen.

    ``code``, ``description`` and ``parameter`` are the provider's own words from its error body.
    """

    def __init__(
        self,
        operation: str,
        *,
        code: str,
        description: str = "",
        http_status: int | None = None,
        parameter: str | None = None,
        request_id: str | None = None,
    ) -> None:
        self.operation = operation
        self.code = code
        self.description = description
        self.http_status = http_status
        self.parameter = parameter
        self.request_id = request_id
        detail = description or code
        if parameter:
            detail = f"{detail} (parameter {parameter})"
        # One line: descriptions come from the provider and might carry line breaks.
        detail = " ".join(detail.split())
        status = f"HTTP {http_status}, " if http_status is not None else ""
        super().__init__(f"The payment service refused '{operation}' ({status}{code}): {detail}")
