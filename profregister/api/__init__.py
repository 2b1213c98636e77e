"""The app's whitelisted methods, by audience. Each is thin: a declared guard or the document it acts on
asks the gate (profregister/access), changes take POST, and the logic lives in services/.

desk.py              HR specialists, heads, regional departments, the National Coordinator
portal.py            the health worker's own portal (/cpd)
public.py            other systems and the public: /fhir/R4 (FHIRRenderer) and the licence check
frappe_overrides.py  Frappe's generic endpoints, through the gate (listed in access/endpoints.py)

Public paths, kept stable for clients, scripts and bookmarks: /fhir/R4/..., /cpd-verify, /cpd/...,
and /api/method/profregister.api.<name> for every method re-exported below (the same function objects,
so Frappe's whitelist holds for either path)."""

from profregister.api.desk import (
	accept_correction,
	check_register_import,
	decline_correction,
	find_worker_by_iin,
	get_offered_variants,
	get_worker_credit_units,
	hire_by_iin,
	hires_and_departures,
	invitation_link,
	invite_worker,
	load_cpd_providers,
	nhwa_indicators_csv,
	preview_credit_units,
	read_iin,
	refresh_submission_figures,
	refuse_confirmation,
	register_import_template,
	reject_evidence,
	start_register_import,
	verify_evidence,
)
from profregister.api.frappe_overrides import (
	get_count,
	get_group_by_count,
	get_number_card_result,
	get_open_count,
	search_link,
	search_widget,
	upload_file,
	validate_link,
)
from profregister.api.portal import (
	confirm_own_results,
	confirmation_pdf,
	hand_in_evidence,
	request_correction,
	set_portal_language,
	withdraw_evidence,
)
from profregister.api.public import FHIRRenderer, verify_licence

__all__ = [
	"FHIRRenderer",
	"accept_correction",
	"check_register_import",
	"confirm_own_results",
	"confirmation_pdf",
	"decline_correction",
	"find_worker_by_iin",
	"get_count",
	"get_group_by_count",
	"get_number_card_result",
	"get_offered_variants",
	"get_open_count",
	"get_worker_credit_units",
	"hand_in_evidence",
	"hire_by_iin",
	"hires_and_departures",
	"invitation_link",
	"invite_worker",
	"load_cpd_providers",
	"nhwa_indicators_csv",
	"preview_credit_units",
	"read_iin",
	"refresh_submission_figures",
	"refuse_confirmation",
	"register_import_template",
	"reject_evidence",
	"request_correction",
	"search_link",
	"search_widget",
	"set_portal_language",
	"start_register_import",
	"upload_file",
	"validate_link",
	"verify_evidence",
	"verify_licence",
	"withdraw_evidence",
]
