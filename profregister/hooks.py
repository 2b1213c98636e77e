app_name = "profregister"
app_title = "Professional Register"
app_publisher = "profregister developers"
app_description = "Professional Register of healthcare workers of Kazakhstan and confirmation of their CPD"
app_email = "dev@profregister.kz"
app_license = "mit"

export_python_type_annotations = True

# Shared desk helpers (report filters), built by `bench build`.
app_include_js = "profregister.bundle.js"

after_install = "profregister.install.after_install"
after_migrate = "profregister.install.after_migrate"
before_tests = "profregister.install.before_tests"

# Permission rules live in profregister/permissions.py; scoping by entity and region is done with
# User Permissions that profregister/services/access.py keeps in step with the entity and region forms.
has_permission = {
	"Health Worker": "profregister.permissions.health_worker_has_permission",
}

doc_events = {
	"File": {
		"before_insert": "profregister.services.files.keep_register_attachments_private",
	},
}

scheduler_events = {
	"daily": [
		"profregister.services.certificates.run_daily",
		"profregister.services.submissions.run_daily",
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
		"profregister.services.confirmation.qr_code",
		"profregister.services.confirmation.verification_url",
	],
}
