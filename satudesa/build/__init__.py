"""Bytes to build/ without Flask: the fast engine, executors, manifest, publishing."""
