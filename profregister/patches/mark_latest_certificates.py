from profregister.services.certificates.lifecycle import mark_all_latest


def execute():
	mark_all_latest()
