# ruff: noqa: E501  (catalogue entries: one msgid, one line)
"""Catalogue entries of ``wegweiser.operations``: none. Its commands (backup, restore, health,
schedule_periodic_tasks) speak to operators in English, like the other management commands, and /health/ answers
machines."""

READER: dict = {}

ADMIN_DE: dict = {}
