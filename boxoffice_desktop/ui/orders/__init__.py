"""The Orders area; ``common`` also serves the Seatmaps, Reports and Settings areas."""
