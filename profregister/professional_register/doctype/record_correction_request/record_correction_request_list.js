// Copyright (c) 2026, profregister developers
// For license information, please see license.txt

frappe.listview_settings["Record Correction Request"] = {
	onload(listview) {
		// The Health Worker's labels, which name the item each request corrects.
		frappe.model.with_doctype("Health Worker", () => listview.refresh());
	},
	formatters: {
		field(value) {
			return value
				? frappe.utils.escape_html(__(frappe.meta.get_label("Health Worker", value)))
				: value;
		},
	},
};
