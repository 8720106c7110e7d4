"""The counter (the sales screen): small widgets around the Qt-free ``boxoffice_desktop.counter`` session."""
