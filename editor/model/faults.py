"""What is wrong with a plan: :class:`Fault` (one finding) and :class:`PlanError` (a plan refused).

The same ``Fault`` type serves two readers: the file loaders, which refuse a plan they cannot use and say
where in the file the problem sits (``where`` is a JSON path such as ``zones[2].rows[5]``), and
:func:`editor.model.validation.validate`, whose findings the editor lists and lets the user click
(``seat_guids`` and ``row_uuids`` name the objects to select).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Fault:
    """One problem of a plan.

    ``message`` is a complete sentence for a person and already names the place (zone, row, seat) and the
    offending value; ``code`` is a stable machine name (``duplicate-guid``, ``undeclared-category``, ...).
    """

    severity: str
    code: str
    message: str
    where: str = ""
    seat_guids: tuple[str, ...] = ()
    row_uuids: tuple[str, ...] = ()

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def __str__(self) -> str:
        return self.message


def error(code: str, message: str, *, where: str = "", seats: Sequence[str] = (),
          rows: Sequence[str] = ()) -> Fault:
    return Fault(ERROR, code, message, where, tuple(seats), tuple(rows))


def warning(code: str, message: str, *, where: str = "", seats: Sequence[str] = (),
            rows: Sequence[str] = ()) -> Fault:
    return Fault(WARNING, code, message, where, tuple(seats), tuple(rows))


class PlanError(ValueError):
    """A plan that cannot be used; nothing was loaded.

    ``faults`` lists every problem found (errors first); ``str()`` is one line naming the first problem
    and how many there are, fit for a status bar or a CLI.
    """

    def __init__(self, faults: Sequence[Fault]) -> None:
        if not faults:
            raise ValueError("PlanError needs at least one fault")
        ordered = sorted(faults, key=lambda f: f.severity != ERROR)  # stable: file order kept
        self.faults: list[Fault] = ordered
        super().__init__(self._summary())

    def _summary(self) -> str:
        first = self.faults[0].message
        n = len(self.faults)
        return first if n == 1 else f"{first} (and {n - 1} more problem{'s' if n > 2 else ''})"

    def __str__(self) -> str:
        return self._summary()
