// Copyright (c) 2026, profregister developers
// For license information, please see license.txt

frappe.query_reports["Monthly Register Report"] = {
	filters: [
		{
			fieldname: "month",
			label: __("Month (any day of it)"),
			fieldtype: "Date",
			// The month just ended (v15's month_start() takes no date: it is always this month's start).
			default: frappe.datetime.add_months(frappe.datetime.month_start(), -1),
			reqd: 1,
		},
		profregister.report_filters.group_by(),
		...profregister.report_filters.scope(),
	],
	onload: profregister.label_filters,
	formatter: profregister.with_titles(),
};
