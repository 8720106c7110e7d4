"""What the counter's dialogs share: a white dialog with a title, one calm message line and keyed buttons,
and the large coloured state panel (a ticket check, a payment's outcome) that reads from across the
counter. The state colours are the theme's (``state_*`` in ``ui.theme.COLOURS`` and the QSS)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QShowEvent
from PySide6.QtWidgets import QDialog, QFrame, QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from boxoffice_desktop.ui.kit.keys import key_text
from boxoffice_desktop.ui.kit.labels import MessageLine, label
from boxoffice_desktop.ui.theme import colour, repolish

# state: (the theme's colour, mark); marks: check, cross, slash, clock, info
STATE_LOOKS: dict[str, tuple[str, str]] = {
    "valid": ("state_ok", "check"),
    "paid": ("state_ok", "check"),
    "void": ("state_void", "slash"),
    "failed": ("state_void", "slash"),
    "invalid": ("state_invalid", "cross"),
    "pending": ("state_pending", "clock"),
    "info": ("state_info", "info"),
}


class StateMark(QWidget):
    """A round mark on the state colour: check, cross, slash, clock or "i"."""

    def __init__(self, size: int = 72, parent: QWidget | None = None):
        super().__init__(parent)
        self._mark = "info"
        self._fill = colour("state_info")
        self.setFixedSize(size, size)

    def set_mark(self, mark: str, fill: QColor) -> None:
        self._mark, self._fill = mark, fill
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        s = float(min(self.width(), self.height()))
        c = QPointF(s / 2, s / 2)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour("on_state"))
        p.drawEllipse(c, s / 2 - 1, s / 2 - 1)
        pen = QPen(self._fill, s * 0.11, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        k = s / 2
        if self._mark == "check":
            p.drawPolyline([QPointF(k * 0.55, k * 1.02), QPointF(k * 0.88, k * 1.36), QPointF(k * 1.48, k * 0.68)])
        elif self._mark == "cross":
            d = k * 0.42
            p.drawLine(QPointF(k - d, k - d), QPointF(k + d, k + d))
            p.drawLine(QPointF(k - d, k + d), QPointF(k + d, k - d))
        elif self._mark == "slash":
            p.drawEllipse(c, k * 0.5, k * 0.5)
            d = k * 0.35
            p.drawLine(QPointF(k - d, k + d), QPointF(k + d, k - d))
        elif self._mark == "clock":
            p.drawEllipse(c, k * 0.55, k * 0.55)
            p.drawLine(c, QPointF(k, k * 0.62))
            p.drawLine(c, QPointF(k * 1.28, k))
        else:
            p.drawLine(QPointF(k, k * 0.92), QPointF(k, k * 1.4))
            p.setBrush(self._fill)
            p.setPen(Qt.PenStyle.NoPen)
            p.drawEllipse(QRectF(k - s * 0.06, k * 0.52, s * 0.12, s * 0.12))
        p.end()


class StatePanel(QFrame):
    """A large coloured block: mark, a word in large type (VALID, VOID, INVALID, PAID...) and one line. Its
    colour is the stylesheet's ``#StatePanel[state=...]``."""

    def __init__(self, parent: QWidget | None = None, *, compact: bool = False):
        super().__init__(parent)
        self.setObjectName("StatePanel")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.state = "info"
        row = QHBoxLayout(self)
        row.setContentsMargins(24, 18, 24, 18)
        row.setSpacing(20)
        self.mark = StateMark(56 if compact else 76)
        row.addWidget(self.mark, 0, Qt.AlignmentFlag.AlignVCenter)
        words = QVBoxLayout()
        words.setSpacing(4)
        self.word = label("", object_name="StateWord")
        self.detail = label("", object_name="StateDetail", wrap=True)
        words.addWidget(self.word)
        words.addWidget(self.detail)
        row.addLayout(words, 1)
        self.set_state("info", "", "")

    def set_state(self, state: str, word: str, detail: str = "") -> None:
        fill, mark = STATE_LOOKS.get(state, STATE_LOOKS["info"])
        self.state = state
        self.setProperty("state", state if state in STATE_LOOKS else "info")
        repolish(self)
        self.mark.set_mark(mark, colour(fill))
        self.word.setText(word)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.setAccessibleName(f"{word}: {detail}")

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(520, super().sizeHint().height())


class CounterDialog(QDialog):
    """A white dialog with a title, a subtitle and a message line; ``button()`` adds keyed buttons."""

    def __init__(self, title: str, parent: QWidget | None = None, *, subtitle: str = ""):
        super().__init__(parent)
        self.setObjectName("CounterDialog")
        self.setWindowTitle(title)
        self.setModal(True)
        self.outer = QVBoxLayout(self)
        self.outer.setContentsMargins(24, 20, 24, 18)
        self.outer.setSpacing(12)
        self.title = label(title, "title")
        self.outer.addWidget(self.title)
        self.subtitle = label(subtitle, "muted", wrap=True)
        self.subtitle.setVisible(bool(subtitle))
        self.outer.addWidget(self.subtitle)
        self.body = QVBoxLayout()
        self.body.setSpacing(10)
        self.outer.addLayout(self.body)
        self.outer.addStretch(1)
        self.message = MessageLine()
        self.outer.addWidget(self.message)
        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(8)
        self.buttons.addStretch(1)
        self.outer.addLayout(self.buttons)
        self.initial_focus: QWidget | None = None

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        # The keyboard goes to the dialog at once: the cashier types without reaching for the mouse.
        self.activateWindow()
        if self.initial_focus is not None:
            self.initial_focus.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    def fit_to_contents(self) -> None:
        """After a part was shown or hidden: the dialog takes the height its contents need."""
        layout = self.layout()
        if layout is not None:
            layout.activate()
        self.resize(self.width(), self.sizeHint().height())

    def button(self, text: str, keys: str | None = None, *, primary: bool = False, name: str = "") -> QPushButton:
        shown = f"{text}   {key_text(keys)}" if keys else text
        b = QPushButton(shown)
        if name:
            b.setObjectName(name)
        if primary:
            b.setProperty("primary", True)
            b.setDefault(True)
        else:
            b.setAutoDefault(False)
        if keys:
            b.setToolTip(f"{text}  ({key_text(keys)})")
        b.setMinimumHeight(38)
        self.buttons.addWidget(b)
        return b
