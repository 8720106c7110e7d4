"""The demo hall (pretix and native formats), loaded with importlib.resources."""
