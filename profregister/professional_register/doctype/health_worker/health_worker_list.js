// Copyright (c) 2026, profregister developers
// For license information, please see license.txt

frappe.listview_settings["Health Worker"] = {
	add_fields: ["status"],
	get_indicator(doc) {
		const colour = { Active: "green", Blocked: "red", Dismissed: "gray" }[doc.status];
		return [__(doc.status), colour, "status,=," + doc.status];
	},
};
