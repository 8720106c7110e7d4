"""SVG icons (data only)."""
