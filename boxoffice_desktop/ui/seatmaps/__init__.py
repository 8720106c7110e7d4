"""The Seatmaps area: the stored maps and their versions, and the seatmap editor."""
