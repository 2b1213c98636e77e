// Copyright (c) 2026, profregister developers
// For license information, please see license.txt

frappe.query_reports["Quarterly Forecast"] = {
	filters: [
		{
			fieldname: "date",
			label: __("As of"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		},
		{ fieldname: "quarters", label: __("Quarters ahead"), fieldtype: "Int", default: 4 },
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
