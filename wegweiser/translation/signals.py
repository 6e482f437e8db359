"""Keeping translation status current when content is published (see versions.py)."""
