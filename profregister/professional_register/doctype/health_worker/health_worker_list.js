// Copyright (c) 2026, profregister developers
// For license information, please see license.txt

frappe.listview_settings["Health Worker"] = {
	add_fields: ["status"],
	get_indicator(doc) {
		const colour = { Active: "green", Blocked: "red", Dismissed: "gray" }[doc.status];
		return [__(doc.status), colour, "status,=," + doc.status];
	},
	onload(listview) {
		if (frappe.model.can_create("Employment")) {
			listview.page.add_inner_button(__("Hire a registered worker by IIN"), () =>
				profregister.hire_by_iin()
			);
		}
	},
};
