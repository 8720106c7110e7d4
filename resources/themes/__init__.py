"""QSS themes (data only)."""
