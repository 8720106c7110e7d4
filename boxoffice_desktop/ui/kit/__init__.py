"""Widgets and helpers the UI's areas share (none of them knows an area)::

    labels.py       label(), MessageLine (one calm line), Banner, Pill (a status chip)
    logo.py         LogoLabel (the tenant's logo, or its monogram)
    placeholder.py  PlaceholderPage (an area later work fills)
    formats.py      money, dates and plurals as the areas show them
    tables.py       RecordTableModel over frozen records, Column, sorted_proxy, make_table, selection helpers
    areas.py        AreaHeader, button(), allow(), the areas' stylesheet, the events filter combo
    asking.py       non-blocking questions and file dialogs (opened with open(), answered by a callback)
    keys.py         KeyMap (a screen's keyed actions), tip(), key_text(), the list of shortcuts
    dialogs.py      CounterDialog (title, message line, keyed buttons), StatePanel (VALID, PAID, ...)

Colours come from the theme (``ui.theme.COLOURS`` and the QSS), never from literals here.
"""
