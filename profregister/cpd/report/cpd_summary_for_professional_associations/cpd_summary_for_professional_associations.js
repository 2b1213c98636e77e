// Copyright (c) 2026, profregister developers
// For license information, please see license.txt

frappe.query_reports["CPD Summary for Professional Associations"] = {
	filters: [
		profregister.report_filters.as_of(__("CPD window ends on")),
		...profregister.report_filters.scope(),
		{ fieldname: "min_total", label: __("Total from, CU"), fieldtype: "Float" },
		{ fieldname: "max_total", label: __("Total to, CU"), fieldtype: "Float" },
	],
	onload: profregister.label_filters,
	formatter: profregister.with_titles(),
};
