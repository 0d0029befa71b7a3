"""Route to bytes: the Jinja renderer, filters and theme loading."""
