// Copyright (c) 2026, profregister developers
// For license information, please see license.txt

frappe.query_reports["Employees for Advanced Training"] = {
	filters: [
		profregister.report_filters.as_of(),
		{
			fieldname: "horizon_months",
			label: __("Certificate due within (months)"),
			fieldtype: "Int",
			default: 12,
		},
		...profregister.report_filters.scope(),
	],
	onload: profregister.label_filters,
	formatter: profregister.with_titles(),
};
