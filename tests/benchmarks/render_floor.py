"""The floor for ``seatmap render``: the least a program can do to draw a plan's seats as a PNG.

    python tests/benchmarks/render_floor.py PLAN.json OUT.png [--width 4000]

Reads the file with ``json`` (pretix plans of the current generation, or native files), then paints one
circle per seat in its category's colour with a plain ``QPainter`` loop into an image 4000 px wide, and
saves it. No model, no validation, no areas, no labels: ``seatmap render`` is measured against this.
"""

from __future__ import annotations

import argparse
import json
import os
import sys


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("plan")
    parser.add_argument("out")
    parser.add_argument("--width", type=int, default=4000)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter

    app = QGuiApplication(sys.argv[:1])
    with open(args.plan, encoding="utf-8") as fh:
        plan = json.load(fh)
    size = plan.get("size") or {}
    pw, ph = float(size.get("width", 1000)), float(size.get("height", 800))
    colours = {c["name"]: QColor(c.get("color") or "#888888") for c in plan.get("categories", [])}
    scale = args.width / pw
    image = QImage(args.width, max(1, round(ph * scale)), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.white)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(scale, scale)
    p.setPen(Qt.PenStyle.NoPen)
    grey = QColor("#888888")
    for zone in plan["zones"]:
        zp = zone.get("position") or {}
        zx, zy = zp.get("x", 0), zp.get("y", 0)
        for row in zone["rows"]:
            rp = row.get("position") or {}
            rx, ry = zx + rp.get("x", 0), zy + rp.get("y", 0)
            for seat in row["seats"]:
                pos = seat.get("position") or seat
                r = seat.get("radius", 10)
                p.setBrush(colours.get(seat.get("category"), grey))
                p.drawEllipse(QPointF(rx + pos["x"], ry + pos["y"]), r, r)
    p.end()
    image.save(args.out, "PNG")
    del app


if __name__ == "__main__":
    main()
