"""Officer files read safely: paths, YAML, media types, key schemas."""
