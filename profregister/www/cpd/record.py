"""My record: the register's items about me (read-only), employments, certificates, corrections."""

from profregister.services.portal import pages as portal

no_cache = 1


def get_context(context):
	context.record = portal.my_record(portal.page(context, "cpd/record"))
