// Copyright (c) 2026, profregister developers
// For license information, please see license.txt

// Filters that every analytics report shares, so their labels and behaviour stay the same.
frappe.provide("profregister.report_filters");

Object.assign(profregister.report_filters, {
	// Region (with everything under it), entity and specialty: the server applies them with the user's scope.
	scope() {
		return [
			{ fieldname: "region", label: __("Region"), fieldtype: "Link", options: "Region" },
			{
				fieldname: "healthcare_entity",
				label: __("Healthcare entity"),
				fieldtype: "Link",
				options: "Healthcare Entity",
			},
			{ fieldname: "specialty", label: __("Specialty"), fieldtype: "Link", options: "Specialty" },
		];
	},
	group_by() {
		return {
			fieldname: "group_by",
			label: __("Group by"),
			fieldtype: "Select",
			options: ["Region", "Healthcare Entity", "Specialty"].map((value) => ({
				value,
				label: __(value),
			})),
			default: "Region",
			reqd: 1,
		};
	},
	as_of(label = __("As of")) {
		return {
			fieldname: "date",
			label,
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		};
	},
});
