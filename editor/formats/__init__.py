"""Seatmap file formats: pretix seating plans (in: both generations; out: the current one), the box
office's native JSON format, and SVG for print and the web. Standard library only.
"""

from .detect import FORMATS, load_any, sniff_format
from .native import dump_native, load_native
from .pretix import dump_pretix, load_pretix
from .source import PlanSource, read_json
from .svg import to_svg

__all__ = [
    "FORMATS", "PlanSource", "dump_native", "dump_pretix", "load_any", "load_native", "load_pretix",
    "read_json", "sniff_format", "to_svg",
]
