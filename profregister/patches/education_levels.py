"""Workers' highest education level, kept on the record from now on, filled once from their education rows."""

from profregister.services.register import education


def execute():
	education.refresh_levels()
