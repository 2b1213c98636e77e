// Copyright (c) 2026, profregister developers
// For license information, please see license.txt

frappe.query_reports["Employees for Advanced Training"] = {
	filters: [
		...profregister.report_filters.paging(),
		profregister.report_filters.as_of(),
		{
			fieldname: "horizon_months",
			label: __("Certificate due within (months)"),
			fieldtype: "Int",
			default: 12,
		},
		...profregister.report_filters.scope(),
		{ fieldname: "due_month", label: __("Month due"), fieldtype: "Date" },
	],
	onload(report) {
		profregister.label_filters(report);
		profregister.drill_down(report);
	},
	formatter: profregister.with_titles(function (value, row, column, data, default_formatter) {
		if (column.fieldname === "workers" && data && data.month) {
			// A summary row: its count opens the list of its employees.
			const filters = { due_month: data.month, region: data.region || "" };
			return profregister.drill_link(default_formatter(value, row, column, data), filters);
		}
		return default_formatter(value, row, column, data);
	}),
};
