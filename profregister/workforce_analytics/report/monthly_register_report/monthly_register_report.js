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
		{
			fieldname: "group_by",
			label: __("Group by"),
			fieldtype: "Select",
			options: ["Region", "Healthcare Entity", "Specialty"].map((value) => ({
				value,
				label: __(value),
			})),
			default: "Region",
		},
		{ fieldname: "region", label: __("Region"), fieldtype: "Link", options: "Region" },
		{
			fieldname: "healthcare_entity",
			label: __("Healthcare entity"),
			fieldtype: "Link",
			options: "Healthcare Entity",
		},
		{ fieldname: "specialty", label: __("Specialty"), fieldtype: "Link", options: "Specialty" },
	],
};
