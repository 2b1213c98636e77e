// Copyright (c) 2026, profregister developers
// For license information, please see license.txt

frappe.query_reports["Monthly Register Report"] = {
	filters: [
		{
			fieldname: "month",
			label: __("Month (any day of it)"),
			fieldtype: "Date",
			default: frappe.datetime.month_start(
				frappe.datetime.add_months(frappe.datetime.get_today(), -1)
			),
			reqd: 1,
		},
		profregister.report_filters.group_by(),
		...profregister.report_filters.scope(),
	],
};
