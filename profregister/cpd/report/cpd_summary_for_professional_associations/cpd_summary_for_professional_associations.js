// Copyright (c) 2026, profregister developers
// For license information, please see license.txt

frappe.query_reports["CPD Summary for Professional Associations"] = {
	filters: [
		{
			fieldname: "date",
			label: __("CPD window ends on"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		},
		{ fieldname: "region", label: __("Region"), fieldtype: "Link", options: "Region" },
		{
			fieldname: "healthcare_entity",
			label: __("Healthcare entity"),
			fieldtype: "Link",
			options: "Healthcare Entity",
		},
		{ fieldname: "specialty", label: __("Specialty"), fieldtype: "Link", options: "Specialty" },
		{ fieldname: "min_total", label: __("Total from, CU"), fieldtype: "Float" },
		{ fieldname: "max_total", label: __("Total to, CU"), fieldtype: "Float" },
	],
};
