from profregister.services.certificates import mark_all_latest


def execute():
	mark_all_latest()
