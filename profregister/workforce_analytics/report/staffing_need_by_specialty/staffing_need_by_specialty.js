// Copyright (c) 2026, profregister developers
// For license information, please see license.txt

frappe.query_reports["Staffing Need by Specialty"] = {
	filters: [profregister.report_filters.as_of(), ...profregister.report_filters.scope(), profregister.report_filters.group_by()],
	onload: profregister.label_filters,
	formatter: profregister.with_titles(function (value, row, column, data, default_formatter) {
		if (column.fieldname === "group" && data && !data.group) {
			return `<span class="text-muted">${__("No specialty")}</span>`;
		}
		const formatted = default_formatter(value, row, column, data);
		if (column.fieldname === "vacancies" && data && data.vacancies > 0) {
			return `<span class="text-danger">${formatted}</span>`;
		}
		return formatted;
	}),
};
