app_name = "profregister"
app_title = "Professional Register"
app_publisher = "profregister developers"
app_description = "Professional Register of healthcare workers of Kazakhstan and confirmation of their CPD"
app_email = "dev@profregister.kz"
app_license = "mit"

from profregister.access.endpoints import overridden_methods as _overridden_methods
from profregister.access.gate import CHILDREN as _CHILDREN
from profregister.access.gate import GATED as _GATED
from profregister.access.gate import SCOPED as _SCOPED
from profregister.services.analytics import summaries as _summaries

export_python_type_annotations = True

# Shared desk helpers (report filters), built by `bench build`.
app_include_js = "profregister.bundle.js"
app_include_css = "profregister.bundle.css"

boot_session = ["profregister.boot.boot_session", "profregister.services.platform.numbers.boot_session"]

# The FHIR R4 directory for other systems (/fhir/R4).
page_renderer = ["profregister.api.public.FHIRRenderer"]
# A page that fails to build is kept in the Error Log (Frappe keeps none).
update_website_context = ["profregister.services.platform.pages.log_failed_page"]

# Health workers are Website Users: their account opens their portal (profregister/www/cpd).
role_home_page = {"Health Worker": "cpd"}
standard_portal_menu_items = [{"title": "My CPD", "route": "/cpd", "role": "Health Worker"}]

after_install = "profregister.install.after_install"
after_migrate = "profregister.install.after_migrate"
before_tests = "profregister.install.before_tests"

# The scope gate (access/gate.py): every list, count, search and report view of a scoped
# doctype gets its conditions, every document its check, computed from the user's live links.
permission_query_conditions = {
	**{doctype: "profregister.access.gate.query_conditions" for doctype in [*_GATED, *_CHILDREN]},
	"File": "profregister.access.gate.file_query_conditions",
}
has_permission = {
	**{doctype: "profregister.access.gate.has_permission" for doctype in _GATED},
	"File": "profregister.access.gate.file_has_permission",
}

# Frappe's generic endpoints that would go around the gate (ignore_user_permissions in search, counts
# with no permission check, uploads that stay public) pass through the gate first.
override_whitelisted_methods = _overridden_methods()

# Documents of the app are checked for type, size and shape before Frappe builds them, then on every save.
before_request = [
	"profregister.api.public.check_fhir_request",
	"profregister.access.endpoints.check_request",
	"profregister.services.platform.checks.check_documents",
	"profregister.services.platform.pages.keep_compiled_templates",
]
# Once the request's user is known: every record it names is one the user may read (a token's user is
# known only after before_request).
auth_hooks = ["profregister.access.endpoints.check_records"]

# The trail of personal data access (access/audit.py): reads noted during a request or job are written
# with its commit, or, when it commits nothing or failed, with a commit of their own at its end.
after_request = ["profregister.access.audit.flush_request"]
after_job = ["profregister.access.audit.flush_job"]
# The trail names workers and users: it never stops either from being removed.
ignore_links_on_delete = ["Personal Data Access"]

# A worker's status changes (blocks by the certificate job among them) in the form's timeline.
additional_timeline_content = {"Health Worker": ["profregister.services.register.history.timeline"]}

# The day's summary tables follow every save and deletion of what they count (services/analytics/summaries.py).
_SUMMARISED = {
	event: "profregister.services.analytics.summaries.on_change" for event in ("on_update", "after_delete")
}
doc_events = {
	"*": {"before_validate": "profregister.services.platform.checks.before_validate"},
	"File": {"validate": "profregister.access.files.guard_file"},
	"DocShare": {"validate": "profregister.access.endpoints.refuse_share"},
	"Document Follow": {"validate": "profregister.access.endpoints.refuse_follow"},
	"User": {
		"before_validate": "profregister.access.links.note_system_manager",
		"validate": "profregister.access.links.refuse_implied_admin",
	},
	**{
		doctype: {
			"before_validate": "profregister.access.files.claim_attachments",
			**(_SUMMARISED if doctype in _summaries.SOURCES else {}),
		}
		for doctype in _SCOPED
	},
	**{doctype: _SUMMARISED for doctype in _summaries.SOURCES if doctype not in _SCOPED},
	**{
		doctype: {
			event: "profregister.services.analytics.summaries.on_catalogue_change" for event in _SUMMARISED
		}
		for doctype in ("Specialty", "Position", "ISCO Level Rule")
	},
}

# National jobs run on the long queue, away from the short requests of the day.
scheduler_events = {
	"hourly": ["profregister.services.notices.unusual_access.run_hourly"],
	"daily_long": [
		"profregister.services.register.placement.run_daily",
		"profregister.services.certificates.lifecycle.run_daily",
		"profregister.services.analytics.submissions.run_daily",
		"profregister.access.audit.purge_expired",
		"profregister.services.analytics.summaries.run_daily",
	],
}

# The CPD Confirmation workflow (Draft → Checked → Signed by HR Chief → Confirmed, or Refused) is data an
# administrator may adapt in the desk; these fixtures ship the default.
fixtures = [
	{
		"dt": "Workflow State",
		"filters": [
			["name", "in", ["Draft", "Checked", "Signed by HR Chief", "Confirmed", "Refused", "Cancelled"]]
		],
	},
	{
		"dt": "Workflow Action Master",
		"filters": [["name", "in", ["Check", "Sign", "Confirm", "Refuse", "Return to draft", "Cancel"]]],
	},
	{"dt": "Workflow", "filters": [["name", "=", "CPD Confirmation"]]},
]

jinja = {
	"methods": [
		"profregister.services.cpd.confirmation.qr_code",
		"profregister.services.cpd.confirmation.verification_url",
		"profregister.services.platform.numbers.local_number",
	],
}
