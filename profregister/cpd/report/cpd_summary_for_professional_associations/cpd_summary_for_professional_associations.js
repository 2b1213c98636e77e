// Copyright (c) 2026, profregister developers
// For license information, please see license.txt

frappe.query_reports["CPD Summary for Professional Associations"] = {
	filters: [
		...profregister.report_filters.paging(),
		profregister.report_filters.as_of(__("CPD window ends on")),
		...profregister.report_filters.scope(),
		{ fieldname: "min_total", label: __("Total from, CU"), fieldtype: "Float", precision: 2 },
		{ fieldname: "max_total", label: __("Total to, CU"), fieldtype: "Float", precision: 2 },
	],
	onload(report) {
		profregister.label_filters(report);
		// Frappe writes an empty number filter as 0.000, which reads as a bound: an empty one stays empty.
		["min_total", "max_total"].forEach((fieldname) => {
			const filter = report.get_filter(fieldname);
			const format = filter.format_for_input.bind(filter);
			filter.format_for_input = (value) => (value === null || value === "" ? "" : format(value));
			filter.set_input(filter.value || null);
		});
		profregister.drill_down(report);
		// Every worker, for whoever needs them all: a file made in the background, announced when ready.
		report.page.add_inner_button(__("Export every worker"), () => {
			frappe.prompt(
				{
					fieldname: "file_type",
					label: __("File type"),
					fieldtype: "Select",
					options: ["xlsx", "csv"],
					default: "xlsx",
					reqd: 1,
				},
				({ file_type }) =>
					frappe
						.xcall("profregister.api.desk.export_cpd_summary", {
							filters: report.get_filter_values(),
							file_type,
						})
						.then((answer) => frappe.show_alert({ message: answer.message, indicator: "blue" })),
				__("Export every worker"),
				__("Export")
			);
		});
	},
	formatter: profregister.with_titles(function (value, row, column, data, default_formatter) {
		if (column.fieldname === "workers" && data) {
			// A summary row: its count opens the list of its workers.
			const filters = { specialty: data.specialty || "", region: data.region || "" };
			return profregister.drill_link(default_formatter(value, row, column, data), filters);
		}
		return default_formatter(value, row, column, data);
	}),
};
