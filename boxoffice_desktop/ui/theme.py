"""The theme and the tenant's branding: the QSS from resources with the accent colours filled in, the
window title, and the logo (rendered from the tenant's SVG when QtSvg is there, else a monogram badge).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QIcon, QImage, QPainter, QPainterPath, QPixmap
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

try:  # QtSvg ships with PySide6-Essentials today; the monogram covers a build without it.
    from PySide6.QtSvg import QSvgRenderer

    HAVE_SVG = True
except ImportError:  # pragma: no cover - depends on the wheel
    QSvgRenderer = None  # type: ignore[assignment,misc]
    HAVE_SVG = False

APP_NAME = "Box Office"
DEFAULT_ACCENT = "#1f6feb"
DEFAULT_ACCENT_TEXT = "#ffffff"
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")

# Colours of the seat states and UI marks that are not the tenant's (one place, used by the seat view too).
INK = "#1f2328"
MUTED = "#57606a"
SURFACE = "#ffffff"
WINDOW = "#f4f5f7"
BORDER = "#dfe3e8"

# Colours the Python code paints with itself (list delegates, state panels, table rows): named here, once;
# the QSS may use the same names as {{placeholders}}. Read them with ``colour(name)``.
COLOURS: dict[str, str] = {
    "ink": INK,
    "muted": MUTED,
    "quiet": "#6e7781",  # secondary text in painted lists
    "faint": "#8a939c",  # what has ended
    "pending_ink": "#8c959f",  # a line whose hold is on its way
    "hover": "#f3f5f7",
    "low": "#b3261e",  # few seats left
    "today_ink": "#1e5b2c",
    "not_today_fill": "#ffe8a3",
    "not_today_border": "#e0b84a",
    "not_today_ink": "#5c3d00",
    "ended_fill": "#f1f3f5",
    "ended_border": "#d0d5db",
    "state_ok": "#1a7f37",  # a valid ticket, a paid sale
    "state_void": "#6e7781",  # void, failed
    "state_invalid": "#cf222e",
    "state_pending": "#9a6700",
    "state_info": "#0969da",
    "on_state": "#ffffff",  # text and marks on a state colour
    "row_alert_fill": "#fdecea",
    "row_alert_ink": "#8c1d18",
    "row_muted_ink": "#8a939c",
    "row_soft_fill": "#f6f8fa",
    # the Seatmaps area: a version's status in the table, a plan's paper in previews, a category without colour
    "version_published": "#1e7a3c",
    "version_draft": "#9a6700",
    "plan_paper": "#fbfbfc",
    "no_category": "#9aa4ae",
}


def colour(name: str) -> QColor:
    """One of the theme's named colours (``COLOURS``) as a ``QColor``."""
    return QColor(COLOURS[name])


@dataclass(frozen=True)
class Branding:
    """What the UI needs of a tenant's branding; plain values, safe to keep in QSettings."""

    slug: str = ""
    display_name: str = APP_NAME
    accent: str = DEFAULT_ACCENT
    accent_text: str = DEFAULT_ACCENT_TEXT
    logo_svg: str = ""

    @classmethod
    def from_tenant(cls, tenant: Any) -> Branding:
        """From a ``services.tenants.TenantInfo`` (or anything with slug, display_name and brand())."""
        return cls.from_mapping(
            {
                "slug": tenant.slug,
                "display_name": tenant.display_name,
                "accent": tenant.brand("accent"),
                "accent_text": tenant.brand("accent_text"),
                "logo_svg": tenant.brand("logo_svg"),
            }
        )

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None) -> Branding:
        data = data or {}
        accent = str(data.get("accent") or "")
        accent_text = str(data.get("accent_text") or "")
        return cls(
            slug=str(data.get("slug") or ""),
            display_name=str(data.get("display_name") or APP_NAME),
            accent=accent if _COLOUR.match(accent) else DEFAULT_ACCENT,
            accent_text=accent_text if _COLOUR.match(accent_text) else DEFAULT_ACCENT_TEXT,
            logo_svg=str(data.get("logo_svg") or ""),
        )

    def as_mapping(self) -> dict[str, str]:
        return {
            "slug": self.slug,
            "display_name": self.display_name,
            "accent": self.accent,
            "accent_text": self.accent_text,
            "logo_svg": self.logo_svg,
        }


# --- colours -------------------------------------------------------------------------------------------
def mix(colour: str, other: str, amount: float) -> str:
    """``colour`` moved ``amount`` (0..1) of the way towards ``other``."""
    a, b = QColor(colour), QColor(other)
    r = round(a.red() + (b.red() - a.red()) * amount)
    g = round(a.green() + (b.green() - a.green()) * amount)
    bl = round(a.blue() + (b.blue() - a.blue()) * amount)
    return QColor(r, g, bl).name()


def palette_for(branding: Branding) -> dict[str, str]:
    accent = branding.accent
    return {
        "accent": accent,
        "accent_text": branding.accent_text,
        "accent_hover": mix(accent, "#000000", 0.10),
        "accent_pressed": mix(accent, "#000000", 0.22),
        "accent_border": mix(accent, "#000000", 0.12),
        "accent_soft": mix(accent, "#ffffff", 0.88),
    }


# --- the stylesheet ------------------------------------------------------------------------------------
def load_qss(name: str = "light") -> str:
    return resources.files("resources").joinpath(f"themes/{name}.qss").read_text(encoding="utf-8")


def icons_dir() -> str:
    """The folder of the SVG icons, for ``url()`` in the QSS (``{{icons}}``)."""
    return str(resources.files("resources").joinpath("icons")).replace("\\", "/")


def stylesheet(branding: Branding | None = None, name: str = "light") -> str:
    values = {**COLOURS, **palette_for(branding or Branding()), "icons": icons_dir()}

    def fill(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in values:
            raise KeyError(f"the theme {name!r} uses an unknown placeholder {key!r}")
        return values[key]

    return _PLACEHOLDER.sub(fill, load_qss(name))


def apply_theme(app: QApplication, branding: Branding | None = None) -> None:
    """The app-wide look: Fusion style (the same on every platform), the font, the branded QSS."""
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    font = QFont(app.font())
    font.setFamilies(["Segoe UI", "Inter", "Helvetica Neue", "DejaVu Sans"])
    font.setPixelSize(13)
    app.setFont(font)
    app.setStyleSheet(stylesheet(branding))


def window_title(branding: Branding | None, screen: str | None = None) -> str:
    name = branding.display_name if branding else APP_NAME
    parts = [p for p in (screen, name) if p]
    if name != APP_NAME:
        parts.append(APP_NAME)
    return " — ".join(parts)


def repolish(widget: Any) -> None:
    """After changing a dynamic property that the QSS selects on."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


# --- the logo ------------------------------------------------------------------------------------------
def _device_ratio() -> float:
    screen = QGuiApplication.primaryScreen() if QGuiApplication.instance() is not None else None
    return float(screen.devicePixelRatio()) if screen is not None else 1.0


def render_svg(svg: str, size: int) -> QPixmap | None:
    """The SVG as a square pixmap of ``size`` logical pixels, or None when it cannot be drawn."""
    if not svg or not HAVE_SVG:
        return None
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    if not renderer.isValid():
        log.info("the tenant's logo is not a valid SVG; using the monogram")
        return None
    ratio = _device_ratio()
    image = QImage(QSize(round(size * ratio), round(size * ratio)), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    view = renderer.viewBoxF()
    target = QRectF(0, 0, image.width(), image.height())
    if view.width() > 0 and view.height() > 0:
        # Keep the aspect ratio: centre the logo in the square.
        scale = min(target.width() / view.width(), target.height() / view.height())
        w, h = view.width() * scale, view.height() * scale
        target = QRectF((target.width() - w) / 2, (target.height() - h) / 2, w, h)
    renderer.render(painter, target)
    painter.end()
    pixmap = QPixmap.fromImage(image)
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def initials(name: str) -> str:
    words = [w for w in re.split(r"[\s\-_.]+", name or "") if w and w[0].isalnum()]
    if not words:
        return "B"
    if len(words) == 1:
        return words[0][:2].upper() if len(words[0]) > 1 else words[0].upper()
    return (words[0][0] + words[1][0]).upper()


def monogram(name: str, accent: str, accent_text: str, size: int) -> QPixmap:
    """A rounded badge in the accent colour with the organisation's initials."""
    ratio = _device_ratio()
    image = QImage(QSize(round(size * ratio), round(size * ratio)), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.scale(ratio, ratio)
    path = QPainterPath()
    path.addRoundedRect(QRectF(0, 0, size, size), size * 0.22, size * 0.22)
    painter.fillPath(path, QColor(accent))
    font = QFont()
    font.setFamilies(["Segoe UI", "Inter", "Helvetica Neue", "DejaVu Sans"])
    font.setBold(True)
    text = initials(name)
    font.setPixelSize(max(6, round(size * (0.42 if len(text) > 1 else 0.5))))
    painter.setFont(font)
    painter.setPen(QColor(accent_text))
    painter.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    pixmap = QPixmap.fromImage(image)
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def logo_pixmap(branding: Branding | None, size: int = 32) -> QPixmap:
    b = branding or Branding()
    return render_svg(b.logo_svg, size) or monogram(b.display_name, b.accent, b.accent_text, size)


# --- icons ---------------------------------------------------------------------------------------------
def icon_svg(name: str) -> str:
    return resources.files("resources").joinpath(f"icons/{name}.svg").read_text(encoding="utf-8")


def icon(
    name: str,
    colour: str = MUTED,
    *,
    size: int = 20,
    disabled_colour: str = "#a3aab2",
    active_colour: str | None = None,
) -> QIcon:
    """A stroke icon from resources/icons with ``currentColor`` filled in (normal, disabled, checked)."""
    result = QIcon()
    try:
        svg = icon_svg(name)
    except FileNotFoundError:
        log.warning("no icon %r", name)
        return result
    for mode, state, ink in (
        (QIcon.Mode.Normal, QIcon.State.Off, colour),
        (QIcon.Mode.Disabled, QIcon.State.Off, disabled_colour),
        (QIcon.Mode.Normal, QIcon.State.On, active_colour or colour),
        (QIcon.Mode.Active, QIcon.State.On, active_colour or colour),
    ):
        pixmap = render_svg(svg.replace("currentColor", ink), size)
        if pixmap is not None:
            result.addPixmap(pixmap, mode, state)
    return result
