"""Who looked at my record: each read of my personal data, by whom (organisation and role), when, how, why."""

from profregister.services.portal import access_log
from profregister.services.portal import pages as portal

no_cache = 1


def get_context(context):
	context.data = access_log.my_accesses(portal.page(context, "cpd/access"))
