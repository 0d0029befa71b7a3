"""Entry point for the Flask CLI: `flask run`, `flask build`, `flask check`."""

from satudesa import create_app

app = create_app()
