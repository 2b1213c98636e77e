// Copyright (c) 2026, profregister developers
// For license information, please see license.txt

frappe.query_reports["Certificate Expiry"] = {
	filters: [
		...profregister.report_filters.paging(),
		...profregister.report_filters.scope(),
		{
			fieldname: "from_date",
			label: __("Valid until from"),
			fieldtype: "Date",
			default: frappe.datetime.add_months(frappe.datetime.get_today(), -12),
		},
		{
			fieldname: "to_date",
			label: __("Valid until to"),
			fieldtype: "Date",
			default: frappe.datetime.add_months(frappe.datetime.get_today(), 2),
		},
		{
			fieldname: "state",
			label: __("Certificate state"),
			fieldtype: "Select",
			options: ["", "Upcoming", "Expired", "Blocked"].map((value) => ({
				value,
				label: value ? __(value) : "",
			})),
		},
		{ fieldname: "expiry_month", label: __("Month of expiry"), fieldtype: "Date" },
	],
	onload(report) {
		profregister.label_filters(report);
		profregister.drill_down(report);
	},
	formatter: profregister.with_titles(function (value, row, column, data, default_formatter) {
		if (column.fieldname === "total" && data && data.month) {
			// A summary row: its count opens the list of its certificates.
			const filters = { expiry_month: data.month, region: data.region || "" };
			return profregister.drill_link(default_formatter(value, row, column, data), filters);
		}
		if (column.fieldname === "days_left" && value < 0) {
			// Past its expiry a certificate has no days left: it is overdue (exports keep the number).
			return `<span class="text-danger">${__("{0} d. overdue", [-value])}</span>`;
		}
		if (column.fieldname === "state" && data) {
			const colour = { Upcoming: "orange", Expired: "red", Blocked: "red", Valid: "green" }[
				data.state
			];
			return `<span class="indicator-pill ${colour}">${__(data.state)}</span>`;
		}
		return default_formatter(value, row, column, data);
	}),
};
