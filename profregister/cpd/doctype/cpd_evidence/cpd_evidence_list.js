// Copyright (c) 2026, profregister developers
// For license information, please see license.txt

frappe.listview_settings["CPD Evidence"] = {
	add_fields: ["status"],
	get_indicator(doc) {
		const colour = { Draft: "orange", Verified: "green", Rejected: "red" }[doc.status];
		return [__(doc.status), colour, "status,=," + doc.status];
	},
};
