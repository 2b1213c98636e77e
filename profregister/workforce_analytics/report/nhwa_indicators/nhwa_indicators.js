// Copyright (c) 2026, profregister developers
// For license information, please see license.txt

frappe.query_reports["NHWA Indicators"] = {
	filters: [
		{
			fieldname: "year",
			label: __("Year of the flows"),
			fieldtype: "Int",
			default: new Date().getFullYear() - 1,
		},
		...profregister.report_filters.scope(),
	],
	// The value column holds rates and FTE (two decimals) and, for a headcount, a count of people.
	formatter(value, row, column, data, default_formatter) {
		if (column.fieldname === "value" && data && data.is_count) {
			return default_formatter(value, row, { ...column, fieldtype: "Int" }, data);
		}
		return default_formatter(value, row, column, data);
	},
	onload(report) {
		profregister.label_filters(report);
		// The CSV in the stated layout (README), for WHO's NHWA platform.
		report.page.add_inner_button(__("NHWA CSV"), () => {
			const filters = report.get_values() || {};
			const query = new URLSearchParams(
				Object.entries(filters).filter(([, value]) => value !== undefined && value !== "")
			);
			window.open(`/api/method/profregister.api.nhwa_indicators_csv?${query}`);
		});
	},
};
