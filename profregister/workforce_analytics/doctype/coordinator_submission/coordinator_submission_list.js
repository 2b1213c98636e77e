// Copyright (c) 2026, profregister developers
// For license information, please see license.txt

frappe.listview_settings["Coordinator Submission"] = {
	add_fields: ["docstatus", "on_time", "due_date"],
	// The name ("Monthly 2026-09") repeats the period's type and label, which the list shows translated.
	hide_name_column: true,
	get_indicator(doc) {
		if (doc.docstatus === 1) {
			return doc.on_time
				? [__("Submitted on time"), "green", "on_time,=,1"]
				: [__("Submitted late"), "orange", "on_time,=,0"];
		}
		if (doc.docstatus === 0 && doc.due_date < frappe.datetime.get_today()) {
			return [__("Overdue"), "red", "docstatus,=,0"];
		}
	},
};
