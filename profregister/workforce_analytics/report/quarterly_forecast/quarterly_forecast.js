// Copyright (c) 2026, profregister developers
// For license information, please see license.txt

frappe.query_reports["Quarterly Forecast"] = {
	filters: [
		profregister.report_filters.as_of(),
		{ fieldname: "quarters", label: __("Quarters ahead"), fieldtype: "Int", default: 4 },
		profregister.report_filters.group_by(),
		...profregister.report_filters.scope(),
		{
			fieldname: "layout",
			label: __("Layout"),
			fieldtype: "Select",
			options: [
				{ value: "Pivot", label: __("Quarters side by side") },
				{ value: "Long", label: __("A row per quarter") },
			],
			default: "Pivot",
		},
	],
	onload: profregister.label_filters,
	formatter: profregister.with_titles(),
};
