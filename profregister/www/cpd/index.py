"""My CPD: credit units of the window by chapter and criterion, progress, and the timeline."""

from profregister.services.portal import pages as portal

no_cache = 1


def get_context(context):
	context.cpd = portal.my_cpd(portal.page(context, "cpd"))
