"""Bytes that are not templates: feeds, iCalendar, open data, charts, QR codes, metadata."""
