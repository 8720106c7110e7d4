"""The seatmap editor and view on a 100,000-seat plan: open, repaint, memory; ``seatmap render`` against its
floor.

    python tests/benchmarks/bench_editor.py [--seats 100000] [--runs 7] [--width 1600 --height 1000]

Offscreen (``QT_QPA_PLATFORM=offscreen`` is set unless given). It generates the plan with
``make_big_plan.py`` into a temporary folder, then measures in this process:

- open: reading the file (``load_any``) + ``SeatmapEditor.load`` + the first paint, the editor already
  on screen (the first validation runs right after, from a timer: timed on its own);
- a full repaint of the whole venue (``QGraphicsView.render`` into a ``QImage`` of the view's size, the
  plan fitted to the view), and the same through ``viewport().grab()``;
- a zoomed-in repaint (seats 20 px wide with their numbers) and a mid-zoom one (seats 5 px, ~10,000 of
  them in view);
- peak RSS (``resource.getrusage``) after the editor part;
- the read-only view: ``set_seats`` with 100,000 records, a repaint, and a feed update of one seat;

and as whole processes, side by side (hyperfine when installed, else alternating runs of each; medians):
``python -m boxoffice_desktop.cli.seatmap_files render PLAN -o OUT.png`` (4000 px wide) against
``tests/benchmarks/render_floor.py`` (json + a plain QPainter loop into a 4000-px-wide image).

It prints figures and asserts nothing. Figures go into docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.benchmarks.make_big_plan import make_plan  # noqa: E402


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / (1024 * 1024)


def median_of(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def bench_in_process(plan: Path, args: argparse.Namespace) -> None:
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    t0 = time.perf_counter()
    from editor._qt import SeatmapEditor, SeatmapView, ViewSeat
    from editor.formats import load_any

    editor = SeatmapEditor()
    editor.resize(args.width + 330, args.height + 120)  # the canvas gets about width x height
    editor.show()
    app.processEvents()
    t_widget = time.perf_counter() - t0
    canvas = editor.canvas

    t = time.perf_counter()
    doc = load_any(plan)
    t_read = time.perf_counter() - t
    t = time.perf_counter()
    editor.load(doc)
    t_load = time.perf_counter() - t
    image = QImage(canvas.viewport().size(), QImage.Format.Format_ARGB32_Premultiplied)

    def repaint() -> None:
        image.fill(0xFFFFFFFF)
        p = QPainter(image)
        canvas.render(p)
        p.end()

    t = time.perf_counter()
    repaint()
    t_first = time.perf_counter() - t
    t = time.perf_counter()
    editor.controller.run_validation()
    t_validate = time.perf_counter() - t
    view_size = canvas.viewport().size()
    print(
        f"plan: {doc.seat_count()} seats, {sum(len(z.rows) for z in doc.zones)} rows; "
        f"canvas {view_size.width()}x{view_size.height()} px"
    )
    print(f"editor widget created (before the plan):     {ms(t_widget)}")
    print(
        f"open = read file {ms(t_read)} + editor.load {ms(t_load)} + first paint {ms(t_first)} "
        f"= {ms(t_read + t_load + t_first)}"
    )
    print(
        f"first validation (timer after open):         {ms(t_validate)}  "
        f"({editor.controller.errors} errors, {editor.controller.warnings} warnings)"
    )

    canvas.fit()
    full = median_of(repaint, args.runs)
    grab = median_of(lambda: canvas.viewport().grab(), args.runs)
    print(
        f"full repaint, whole venue (render):          {ms(full)}  (scale {canvas.scale_factor():.4f}, seats as dots)"
    )
    print(f"full repaint, whole venue (viewport.grab):   {ms(grab)}")
    canvas.zoom_to(1.0, QPointF(6000, 500))
    from editor._qt.look import SPRITES

    SPRITES.clear()
    t = time.perf_counter()
    repaint()
    cold = time.perf_counter() - t
    zoomed = median_of(repaint, args.runs)
    print(
        f"zoomed-in repaint (scale 1.0, numbers):      {ms(zoomed)}  ({canvas.seat_layer.last_drawn} seats drawn; "
        f"first paint at a new zoom, sprites drawn afresh: {ms(cold)})"
    )
    canvas.zoom_to(0.25, QPointF(6000, 500))
    repaint()
    mid = median_of(repaint, args.runs)
    print(f"mid-zoom repaint (scale 0.25):               {ms(mid)}  ({canvas.seat_layer.last_drawn} seats drawn)")
    canvas.zoom_to(1.0, QPointF(6000, 500))
    editor.controller.select_all()
    repaint()
    selected = median_of(repaint, args.runs)
    print(f"zoomed-in repaint, all 100k selected:        {ms(selected)}")
    editor.controller.clear_selection()
    ctl = editor.controller
    row = doc.zones[1].rows[10]
    ctl.set_selection(ctl.expand([row.seats[0].guid], scope="row"))

    def nudge() -> None:
        ctl.nudge(10, 0)
        ctl.sync()
        repaint()

    one_row = median_of(nudge, args.runs)
    ctl.select_all()
    t = time.perf_counter()
    nudge()
    everything = time.perf_counter() - t
    t = time.perf_counter()
    editor.undo_stack.undo()
    ctl.sync()
    repaint()
    undo_all = time.perf_counter() - t
    ctl.clear_selection()
    print(
        f"edit: nudge one row of 500 seats + sync + repaint {ms(one_row)}; nudge all 100k {ms(everything)}; "
        f"undo that {ms(undo_all)}"
    )
    print(f"peak RSS after the editor part:              {rss_mb():.0f} MB")

    view = SeatmapView(station="bench")
    view.resize(args.width, args.height)
    view.show()
    records = [
        ViewSeat(
            id=n + 1,
            x=s.x,
            y=s.y,
            guid=s.guid,
            radius=s.radius,
            number=s.number,
            label=s.label,
            category=s.category,
            row=s.row,
            row_key=s.row_key,
            ordinal=s.ordinal,
        )
        for n, s in enumerate(doc.iter_seats())
    ]
    view.set_background(doc)
    t = time.perf_counter()
    view.set_seats(records)
    t_set = time.perf_counter() - t
    vimage = QImage(view.viewport().size(), QImage.Format.Format_ARGB32_Premultiplied)

    def vrepaint() -> None:
        vimage.fill(0xFFFFFFFF)
        p = QPainter(vimage)
        view.render(p)
        p.end()

    vrepaint()
    vfull = median_of(vrepaint, args.runs)
    view.zoom_to(1.0, QPointF(6000, 500))
    app.processEvents()
    view.viewport().repaint()
    import dataclasses

    target = records[len(records) // 2]
    i = view.store.slot_of[target.id]
    view.centerOn(QPointF(view.store.xs[i], view.store.ys[i]))
    for _ in range(5):
        app.processEvents()
        time.sleep(0.02)
    view.update_seats([dataclasses.replace(records[len(records) // 2 + 1], state="held")])
    app.processEvents()  # the first paint after scrolling covers the whole view; the feed comes after
    painted = view.seat_layer.paint_count
    t = time.perf_counter()
    view.update_seats([dataclasses.replace(target, state="sold")])
    app.processEvents()  # the view repaints the seat's place only
    t_update = time.perf_counter() - t
    assert view.seat_layer.paint_count > painted
    print(
        f"view: set_seats(100k records) {ms(t_set)}, whole-venue repaint {ms(vfull)}, "
        f"one seat from the feed (update + repaint) {ms(t_update)} ({view.seat_layer.last_drawn} seats drawn)"
    )
    print(f"peak RSS after the view part:                {rss_mb():.0f} MB")
    editor.close()
    view.close()


def run(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - t


def bench_render(plan: Path, folder: Path, runs: int) -> None:
    py = sys.executable
    render = [py, "-m", "boxoffice_desktop.cli.seatmap_files", "render", str(plan), "-o", str(folder / "render.png")]
    floor = [py, str(ROOT / "tests" / "benchmarks" / "render_floor.py"), str(plan), str(folder / "floor.png")]
    print(f"render:  {' '.join(render)}")
    print(f"floor:   {' '.join(floor)}")
    hyperfine = shutil.which("hyperfine")
    if hyperfine:
        out = folder / "hyperfine.json"
        subprocess.run(
            [
                hyperfine,
                "--warmup",
                "1",
                "--runs",
                str(runs),
                "--export-json",
                str(out),
                "-n",
                "render",
                " ".join(render),
                "-n",
                "floor",
                " ".join(floor),
            ],
            check=True,
            cwd=ROOT,
        )
        results = {r["command"]: r["median"] for r in json.loads(out.read_text())["results"]}
        t_render, t_floor = results["render"], results["floor"]
    else:
        run(render)
        run(floor)  # warm the file cache
        renders, floors = [], []
        for _ in range(runs):
            renders.append(run(render))
            floors.append(run(floor))
        t_render, t_floor = statistics.median(renders), statistics.median(floors)
        print(f"(no hyperfine: {runs} alternating runs of each)")
    print(
        f"seatmap render: {t_render:.3f} s, floor: {t_floor:.3f} s (medians of whole processes) "
        f"-> {t_render / t_floor:.2f}x the floor"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seats", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--width", type=int, default=1600)
    parser.add_argument("--height", type=int, default=1000)
    parser.add_argument("--skip-render", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-editor-") as tmp:
        folder = Path(tmp)
        plan = folder / "big.json"
        plan.write_text(json.dumps(make_plan(args.seats), separators=(",", ":")), encoding="utf-8")
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, platform {os.environ['QT_QPA_PLATFORM']}")
        bench_in_process(plan, args)
        if not args.skip_render:
            bench_render(plan, folder, args.runs)


if __name__ == "__main__":
    main()
