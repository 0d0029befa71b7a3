"""The officers' editor."""
