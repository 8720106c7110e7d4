"""The Seatmaps area: the stored maps and their versions, and the seatmap editor.

    page.py            SeatmapsPage: the composition (the library or the editor), what the main window asks
    area.py            SeatmapsArea: what the parts ask of the page (session, dialog, library, messages)
    library.py         the library's records and jobs: versions, events on them, previews, the table model
    library_pane.py    LibraryPane: the table of versions, New map / Import…, loading; its requests as signals
    version_detail.py  VersionDetail: the selected version beside the table, with its buttons
    editor_host.py     EditorHost: the editor; open, new, save, publish, the unsaved-changes question
    editor_bar.py      EditorBar: the bar above the editor (which version, what saving does)
    event_moves.py     EventMoves: moving an event to a version (prices, refusals)
    import_export.py   SeatmapFiles: imports and exports through file dialogs
    dialogs.py         the area's dialogs
"""
