// Copyright (c) 2026, profregister developers
// For license information, please see license.txt

import "./desk_language.js";

// Filters that every analytics report shares, so their labels and behaviour stay the same.
frappe.provide("profregister.report_filters");

Object.assign(profregister.report_filters, {
	// Region (with everything under it), entity and specialty: the server applies them with the user's scope.
	// A regional user starts in their own region (their default, access/links.py).
	scope() {
		return [
			{
				fieldname: "region",
				label: __("Region"),
				fieldtype: "Link",
				options: "Region",
				default: frappe.defaults.get_user_default("Region"),
			},
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
	// A national list reaches the browser a page at a time: the summary by default, or a page of the list.
	paging() {
		return [
			{
				fieldname: "view",
				label: __("View"),
				fieldtype: "Select",
				options: ["Summary", "List"].map((value) => ({ value, label: __(value) })),
				default: "Summary",
				reqd: 1,
			},
			{
				fieldname: "page",
				label: __("Page"),
				fieldtype: "Int",
				default: 1,
				depends_on: "eval:doc.view=='List'",
			},
		];
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
				// A copy of a reference name (a criterion's chapter on the evidence) shows as the name does.
				value = frappe.utils.escape_html(df.translatable ? __(value) : value);
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

// "Hire a registered worker by IIN": the HR of the receiving entity gives a reason, learns only the
// worker's name and whether they are employed now, and records the employment at their own entity (the
// server's scope gate decides; the lookup is noted with its reason and limited per day).
frappe.provide("profregister");
profregister.hire_by_iin = function () {
	let found = null;
	const dialog = new frappe.ui.Dialog({
		title: __("Hire a registered worker by IIN"),
		fields: [
			{ fieldname: "purpose", fieldtype: "Small Text", label: __("Reason for the lookup"), reqd: 1 },
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
			const { iin, purpose, who, employment_section, column, ...employment } = values;
			frappe
				.xcall("profregister.api.hire_by_iin", { iin: iin.trim(), employment, purpose })
				.then((name) => {
					dialog.hide();
					frappe.set_route("Form", "Employment", name);
				});
		},
	});
	const show = (html) => dialog.fields_dict.who.$wrapper.html(html);
	const look_up = () => {
		const iin = (dialog.get_value("iin") || "").trim();
		const purpose = (dialog.get_value("purpose") || "").trim();
		found = null;
		show("");
		if (iin.length !== 12) return;
		if (!purpose) {
			show(`<p class="text-muted">${__("Give the reason for the lookup first.")}</p>`);
			return;
		}
		frappe.xcall("profregister.api.find_worker_by_iin", { iin, purpose }).then((worker) => {
			found = worker;
			show(
				worker
					? `<p class="hire-found">${frappe.utils.escape_html(worker.full_name)}: ${
							worker.employed ? __("employed now") : __("not employed now")
					  }</p>`
					: `<p class="text-muted">${__(
							"No health worker is registered with this IIN: register them as a new health worker."
					  )}</p>`
			);
		});
	};
	// Each lookup counts against the day's limit: one when the IIN is complete, not one per keystroke.
	dialog.fields_dict.iin.df.onchange = look_up;
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

// A summary row opens the List view of its rows: `profregister.drill_link` wraps a cell in a link naming
// the filters, and `profregister.drill_down` (a report's onload) sets them with the list's first page.
profregister.drill_link = function (html, filters) {
	const named = encodeURIComponent(JSON.stringify(filters));
	return `<a class="profregister-drill" data-filters="${named}">${html}</a>`;
};

profregister.drill_down = function (report) {
	$(report.page.wrapper)
		.off("click.profregister-drill")
		.on("click.profregister-drill", "a.profregister-drill", function (event) {
			event.preventDefault();
			const filters = JSON.parse(decodeURIComponent(this.dataset.filters));
			report.set_filter_value({ ...filters, view: "List", page: 1 });
		});
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

// Numbers in the user's language, written as domain/numbers.py writes them on the server: kk and ru group
// thousands with a space and use a decimal comma ("20.000" and "5,117.00" read as thousands there);
// needless trailing zeros are dropped.
frappe.provide("profregister");
profregister.local_number = function (value, places = 2) {
	const lang = ((frappe.boot && frappe.boot.lang) || "en").split("-")[0];
	return new Intl.NumberFormat(["kk", "ru"].includes(lang) ? lang : "en", {
		maximumFractionDigits: places,
	}).format(Number(value) || 0);
};

// The desk's moment carries tz data of 2023, in which Asia/Almaty is still UTC+6: the session's zones as
// the server's current tz database has them (boot.py, timekeeping.moment_packed), before a time is shown.
if (frappe.boot && frappe.boot.profregister_time_zones) {
	moment.tz.add(frappe.boot.profregister_time_zones);
}
