"""``python -m boxoffice_desktop``: the desktop application (the same as the ``boxoffice`` command)."""

from boxoffice_desktop.cli.app import main

if __name__ == "__main__":
    raise SystemExit(main())
