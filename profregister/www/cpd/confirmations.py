"""My confirmations: their state, the Appendix 2 PDF once confirmed; a private practitioner confirms here."""

from profregister.services.portal import pages as portal

no_cache = 1


def get_context(context):
	context.data = portal.my_confirmations(portal.page(context, "cpd/confirmations"))
