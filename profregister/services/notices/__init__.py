"""Desk alerts and emails of the register's jobs."""
