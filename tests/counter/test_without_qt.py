"""The counter's session needs no Qt: it imports, and a session runs, in a Python where PySide6 cannot be
imported at all."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent(
    """
    import sys

    class NoQt:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("PySide6", "shiboken6"):
                raise ImportError(f"{name} is not installed here")
            return None

    sys.meta_path.insert(0, NoQt())
    import boxoffice_desktop.counter as counter
    from boxoffice_desktop.counter import calendar, cart, clock, find, jobs, operations, seats, session, updates

    assert not [m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6")]
    print("ok", counter.CounterSession.__name__)
    """
)


def test_the_counter_imports_with_pyside6_absent():
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok CounterSession"
