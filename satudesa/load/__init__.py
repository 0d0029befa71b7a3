"""Site folder to Site model: registry, kinds, Markdown, data files (no Flask, no templates)."""
