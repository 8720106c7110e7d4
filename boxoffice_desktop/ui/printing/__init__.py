"""Tickets, receipts and shift reports on paper, in PDF files and as images.

Everything is painted with ``QPainter`` in millimetres scaled to the device, so a ticket looks the same on a
200 x 80 mm ticket printer, on A4 (several tickets per page), in a PDF and in a PNG a test looks at.
"""
