"""The list of accredited CPD providers governs criterion 1 from its start date (Regulatory Parameter
cpd_accredited_provider_criterion_1, shipped in setup_data): the parameter is loaded, and the stored CU
of the evidence dated from that date are judged again. Earlier evidence keeps its CU."""

from profregister.install import load_master_data
from profregister.services.cpd import credit_units as cpd
from profregister.services.platform import parameters


def execute():
	# Inserts the missing shipped records (the new parameter among them), changes none.
	load_master_data()
	parameters.clear_cache()
	since = cpd.governance().since()
	if since:
		cpd.revalue_evidence(since)
