"""The deploy tests' servers (see servers.py), as fixtures for every module here."""

from tests.deploy.servers import s3_server, s3_strict_server, sshd

__all__ = ["s3_server", "s3_strict_server", "sshd"]
