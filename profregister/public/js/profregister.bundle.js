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

// Stored text of the register is data, never markup. Input refuses markup already; this makes any value
// that got in another way (an old import, a direct database write) inert wherever the desk formats a
// field of the app's doctypes: lists, report views, grids and form views.
(() => {
	const ours = (df) => {
		if ((frappe.boot.profregister_doctypes || []).includes(df.parent)) return true;
		// Columns of the app's script reports carry no doctype: the report on screen says whose they are.
		const route = frappe.get_route ? frappe.get_route() : [];
		return (
			!df.parent &&
			route[0] === "query-report" &&
			(frappe.boot.profregister_reports || []).includes(route[1])
		);
	};
	const escaping = (type) => {
		const original = frappe.form.formatters[type];
		frappe.form.formatters[type] = function (value, df, ...rest) {
			if (typeof value === "string" && df && df.parent !== null && ours(df)) {
				value = frappe.utils.escape_html(value);
				// Text formats call Data again: escape once (parent null marks it done).
				df = { ...df, parent: null };
			}
			return original.call(this, value, df, ...rest);
		};
	};
	["Data", "Text", "SmallText", "LongText", "Autocomplete", "Select", "ReadOnly"].forEach(
		(type) => frappe.form.formatters[type] && escaping(type)
	);
})();
