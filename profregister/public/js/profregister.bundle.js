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

// "Hire a registered worker by IIN": the HR of the receiving entity learns only the worker's name and
// current entity, and records the employment at their own entity (the server's scope gate decides).
frappe.provide("profregister");
profregister.hire_by_iin = function () {
	let found = null;
	const dialog = new frappe.ui.Dialog({
		title: __("Hire a registered worker by IIN"),
		fields: [
			{ fieldname: "iin", fieldtype: "Data", label: __("IIN"), reqd: 1, length: 12 },
			{ fieldname: "who", fieldtype: "HTML" },
			{ fieldname: "employment_section", fieldtype: "Section Break", label: __("Employment") },
			{
				fieldname: "healthcare_entity",
				fieldtype: "Link",
				options: "Healthcare Entity",
				label: __("Healthcare Entity"),
				reqd: 1,
			},
			{ fieldname: "position", fieldtype: "Link", options: "Position", label: __("Position"), reqd: 1 },
			{ fieldname: "specialty", fieldtype: "Link", options: "Specialty", label: __("Specialty") },
			{ fieldname: "is_main", fieldtype: "Check", label: __("Main place of work"), default: 1 },
			{ fieldname: "column", fieldtype: "Column Break" },
			{ fieldname: "start_date", fieldtype: "Date", label: __("Start date"), reqd: 1 },
			{ fieldname: "rate", fieldtype: "Float", label: __("Rate"), default: 1, reqd: 1 },
			{ fieldname: "order_number", fieldtype: "Data", label: __("Order number") },
			{ fieldname: "order_date", fieldtype: "Date", label: __("Order date") },
		],
		primary_action_label: __("Hire"),
		primary_action(values) {
			if (!found) {
				frappe.msgprint(__("Find the worker by IIN first."));
				return;
			}
			const { iin, who, employment_section, column, ...employment } = values;
			frappe
				.xcall("profregister.api.hire_by_iin", { iin: iin.trim(), employment })
				.then((name) => {
					dialog.hide();
					frappe.set_route("Form", "Employment", name);
				});
		},
	});
	const show = (html) => dialog.fields_dict.who.$wrapper.html(html);
	dialog.fields_dict.iin.df.onchange = () => {
		const iin = (dialog.get_value("iin") || "").trim();
		found = null;
		show("");
		if (iin.length !== 12) return;
		frappe.xcall("profregister.api.find_worker_by_iin", { iin }).then((worker) => {
			found = worker;
			show(
				worker
					? `<p class="hire-found">${__("{0}, now at {1}", [
							frappe.utils.escape_html(worker.full_name),
							frappe.utils.escape_html(worker.current_entity || __("no healthcare entity")),
					  ])}</p>`
					: `<p class="text-muted">${__(
							"No health worker is registered with this IIN: register them as a new health worker."
					  )}</p>`
			);
		});
	};
	const entity = frappe.defaults.get_user_default("Healthcare Entity");
	if (entity) dialog.set_value("healthcare_entity", entity);
	dialog.show();
};

// Frappe shows a User link as the document's own `full_name` when it has one: on the app's records
// that is the health worker's name, so checkers and signers would all read as the worker. Here a user
// link shows the signer's own name field (`<field>_name`), or the user's name.
const frappe_user_link = frappe.form.link_formatters["User"];
frappe.form.link_formatters["User"] = function (value, doc, docfield) {
	if (!doc || !(frappe.boot.profregister_doctypes || []).includes(doc.doctype)) {
		return frappe_user_link(value, doc, docfield);
	}
	const own = docfield && (doc[`${docfield.fieldname}_name`] || doc[`${docfield.fieldname}_full_name`]);
	return own || frappe.user.full_name(value) || value;
};

// Links to healthcare entities in the app's reports show the entity's name (sent as `<field>_title`)
// instead of its BIN; wraps a report's own formatter, if it has one.
profregister.with_titles = function (formatter) {
	return function (value, row, column, data, default_formatter) {
		const title = data && column && data[`${column.fieldname}_title`];
		if (title && column.fieldtype === "Link" && value) {
			frappe.utils.add_link_title(column.options, value, title);
		}
		return formatter
			? formatter(value, row, column, data, default_formatter)
			: default_formatter(value, row, column, data);
	};
};

// Frappe shows a report filter's label only as its placeholder, gone once a value is chosen: the
// app's reports keep a small label above each filter.
profregister.label_filters = function (report) {
	(report.filters || []).forEach((filter) => {
		if (!filter.df || filter.df.fieldtype === "Check" || !filter.$wrapper) return;
		if (filter.$wrapper.find(".profregister-filter-label").length) return;
		$(`<div class="profregister-filter-label text-muted small"></div>`)
			.text(__(filter.df.label))
			.prependTo(filter.$wrapper);
	});
};
