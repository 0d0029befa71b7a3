"""``python -m satudesa`` and the ``satudesa`` script: the Flask CLI with the app preset."""

from __future__ import annotations

import os

from flask.cli import FlaskGroup

from satudesa import create_app


def main() -> None:
    """Run ``flask --app satudesa`` (build, check, run …) for the site in this folder."""
    os.environ.setdefault("FLASK_APP", "satudesa")
    FlaskGroup(create_app=create_app, name="satudesa").main()


if __name__ == "__main__":
    main()
