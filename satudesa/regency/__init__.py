"""Kominfo's regency tools: the official code list, importing villages, kelengkapan."""
