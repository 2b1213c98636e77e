// Copyright (c) 2026, profregister developers
// For license information, please see license.txt

frappe.query_reports["Employees for Advanced Training"] = {
	filters: [
		{
			fieldname: "healthcare_entity",
			label: __("Healthcare entity"),
			fieldtype: "Link",
			options: "Healthcare Entity",
		},
		{
			fieldname: "date",
			label: __("As of"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		},
		{
			fieldname: "horizon_months",
			label: __("Certificate due within (months)"),
			fieldtype: "Int",
			default: 12,
		},
		{ fieldname: "region", label: __("Region"), fieldtype: "Link", options: "Region" },
		{ fieldname: "specialty", label: __("Specialty"), fieldtype: "Link", options: "Specialty" },
	],
};
