// Copyright (c) 2026, profregister developers
// For license information, please see license.txt

frappe.listview_settings["Employment"] = {
	add_fields: ["end_date", "is_main"],
	get_indicator(doc) {
		const ended = doc.end_date && doc.end_date < frappe.datetime.get_today();
		if (ended) return [__("Ended"), "gray", "end_date,<,Today"];
		return doc.is_main
			? [__("Current, main"), "green", "is_main,=,1"]
			: [__("Current, secondary"), "blue", "is_main,=,0"];
	},
	onload(listview) {
		if (frappe.model.can_create("Employment")) {
			listview.page.add_inner_button(__("Hire a registered worker by IIN"), () =>
				profregister.hire_by_iin()
			);
		}
	},
};
