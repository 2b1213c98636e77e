// Copyright (c) 2026, profregister developers
// For license information, please see license.txt

frappe.query_reports["Staffing Need by Specialty"] = {
	filters: [
		{
			fieldname: "date",
			label: __("As of"),
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
		{
			fieldname: "group_by",
			label: __("Group by"),
			fieldtype: "Select",
			options: ["Region", "Healthcare Entity", "Specialty"].map((value) => ({
				value,
				label: __(value),
			})),
			default: "Region",
			reqd: 1,
		},
	],
	formatter(value, row, column, data, default_formatter) {
		if (column.fieldname === "group" && data && !data.group) {
			return `<span class="text-muted">${__("No specialty")}</span>`;
		}
		const formatted = default_formatter(value, row, column, data);
		if (column.fieldname === "vacancies" && data && data.vacancies > 0) {
			return `<span class="text-danger">${formatted}</span>`;
		}
		return formatted;
	},
};
