from frappe import _


def get_data():
	"""The worker at the centre: everything recorded about them, one click away (counts go through the
	scope gate: profregister.api.get_open_count)."""
	return {
		"fieldname": "health_worker",
		"transactions": [
			{"label": _("Work"), "items": ["Employment", "Health Worker Status Change"]},
			{"label": _("Certificates"), "items": ["Specialist Certificate"]},
			{
				"label": _("Continuous Professional Development"),
				"items": ["CPD Evidence", "CPD Confirmation"],
			},
		],
	}
