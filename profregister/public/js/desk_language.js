// Copyright (c) 2026, profregister developers
// For license information, please see license.txt

// The form timeline in the user's language: Frappe's "changed the value of Status from Draft to Checked"
// translates the sentence and the label but shows the stored values as they are. A value of a Select, or a
// link to a translated doctype (workflow states, positions, specialties, regions, criteria), is a word of
// the register: it is shown as the indicator and the field show it, through __().
(() => {
	const translated = (df) =>
		df &&
		(["Select", "Autocomplete"].includes(df.fieldtype) ||
			(df.fieldtype === "Link" && (frappe.boot.translated_doctypes || []).includes(df.options)));

	const translate_changes = (version, doctype, docname) => {
		let data;
		try {
			data = JSON.parse(version.data || "{}");
		} catch (e) {
			return version;
		}
		if (!(data.changed || []).length) return version;
		// An empty value is stored as null, which Frappe would print as the word "null".
		const empty = (value) => (value === null || value === undefined ? "—" : value);
		data.changed = data.changed.map(([fieldname, before, after]) => {
			const df = frappe.meta.get_docfield(doctype, fieldname, docname);
			if (!translated(df)) return [fieldname, empty(before), empty(after)];
			const word = (value) => (typeof value === "string" && value ? __(value) : empty(value));
			return [fieldname, word(before), word(after)];
		});
		return { ...version, data: JSON.stringify(data) };
	};

	// Frappe stores a workflow entry as the new state translated into the language of whoever acted, so a
	// Kazakh reader would see a Russian signer's words. The state itself is in the Version of the same action
	// (the save just before the entry, by the same user): the entry shows that state, through __().
	const untranslated_states = (doc_info, doctype) => {
		const field = frappe.workflow.get_state_fieldname(doctype);
		const changes = (doc_info.versions || [])
			.map((version) => {
				let data = {};
				try {
					data = JSON.parse(version.data || "{}");
				} catch (e) {
					return null;
				}
				const change = (data.changed || []).find(([fieldname]) => fieldname === field);
				return change && { owner: version.owner, at: moment(version.creation), state: change[2] };
			})
			.filter(Boolean);
		return (doc_info.workflow_logs || []).map((log) => {
			const at = moment(log.creation);
			const same = changes.filter((c) => c.owner === log.owner && Math.abs(at.diff(c.at)) < 60000);
			same.sort((a, b) => Math.abs(at.diff(a.at)) - Math.abs(at.diff(b.at)));
			return same.length ? { ...log, content: same[0].state } : log;
		});
	};

	// The timeline class is not exported: its prototype is reached through the first form's timeline.
	$(document).on("form-load", (e, frm) => {
		const timeline = frm && frm.timeline;
		const prototype = timeline && Object.getPrototypeOf(timeline);
		if (!prototype || prototype.profregister_translates_versions) return;
		const original = prototype.get_version_timeline_contents;
		prototype.get_version_timeline_contents = function () {
			const versions = (this.doc_info && this.doc_info.versions) || [];
			const shown = versions.map((v) => translate_changes(v, this.frm.doctype, this.frm.docname));
			const doc_info = this.doc_info;
			this.doc_info = { ...doc_info, versions: shown };
			try {
				return original.call(this);
			} finally {
				this.doc_info = doc_info;
			}
		};
		// The badges' tooltips of workflow and like entries are literal English ("Workflow", "Like").
		const titled = (items) => items.map((item) => ({ ...item, title: __(item.title) }));
		const get_like_timeline_contents = prototype.get_like_timeline_contents;
		prototype.get_like_timeline_contents = function () {
			return titled(get_like_timeline_contents.call(this));
		};
		const get_workflow_timeline_contents = prototype.get_workflow_timeline_contents;
		prototype.get_workflow_timeline_contents = function () {
			const doc_info = this.doc_info;
			if (!doc_info) return titled(get_workflow_timeline_contents.call(this));
			this.doc_info = { ...doc_info, workflow_logs: untranslated_states(doc_info, this.frm.doctype) };
			try {
				return titled(get_workflow_timeline_contents.call(this));
			} finally {
				this.doc_info = doc_info;
			}
		};
		prototype.profregister_translates_versions = true;
	});
})();

// The date picker's month and day names in Kazakh (its own locales have Russian, not Kazakh).
(() => {
	if (!$.fn.datepicker || $.fn.datepicker.language.kk) return;
	$.fn.datepicker.language.kk = {
		days: ["Жексенбі", "Дүйсенбі", "Сейсенбі", "Сәрсенбі", "Бейсенбі", "Жұма", "Сенбі"],
		daysShort: ["Жек", "Дүй", "Сей", "Сәр", "Бей", "Жұм", "Сен"],
		daysMin: ["Жс", "Дс", "Сс", "Ср", "Бс", "Жм", "Сб"],
		months: ["Қаңтар", "Ақпан", "Наурыз", "Сәуір", "Мамыр", "Маусым", "Шілде", "Тамыз", "Қыркүйек",
			"Қазан", "Қараша", "Желтоқсан"],
		monthsShort: ["Қаң", "Ақп", "Нау", "Сәу", "Мам", "Мау", "Шіл", "Там", "Қыр", "Қаз", "Қар", "Жел"],
		today: "Бүгін",
		clear: "Тазалау",
		dateFormat: "dd.mm.yyyy",
		timeFormat: "hh:ii",
		firstDay: 1,
	};
})();

// A report's totals row: Frappe writes the word "Total" into it outside __() (a Data cell without a field).
(() => {
	const data = frappe.form.formatters.Data;
	frappe.form.formatters.Data = function (value, df, ...rest) {
		if (value === "Total" && df && !df.fieldname) value = __("Total");
		return data.call(this, value, df, ...rest);
	};
})();

// Links to translated doctypes (workflow states, positions, regions) show translated even where the user may
// not open the linked record: Frappe prints such a link's value as stored.
(() => {
	(frappe.boot.translated_doctypes || []).forEach((doctype) => {
		if (!frappe.form.link_formatters[doctype]) {
			frappe.form.link_formatters[doctype] = (value) => (value ? __(value) : value);
		}
	});
})();

// The list view in the user's language where Frappe passes stored words through as they are: the subject
// column's "Click to sort by" tooltip takes the untranslated label, and a cell's tooltip repeats the value of
// a Select or a translatable field (a criterion's chapter) untranslated while the cell shows it translated.
(() => {
	const ListView = frappe.views.ListView;
	const get_header_html = ListView.prototype.get_header_html;
	ListView.prototype.get_header_html = function () {
		const subject = this.columns && this.columns[0];
		if (!subject || !subject.df) return get_header_html.call(this);
		const df = subject.df;
		subject.df = { ...df, label: __(df.label, null, df.parent) };
		try {
			return get_header_html.call(this);
		} finally {
			subject.df = df;
		}
	};
	// A translated doctype's records are named by words of the register (regions, positions).
	const get_subject_text = ListView.prototype.get_subject_text;
	ListView.prototype.get_subject_text = function (doc, title) {
		const text = get_subject_text.call(this, doc, title);
		const subject = this.columns[0] && this.columns[0].df;
		// A record named by a translatable field (a rule set) has that field's words as its name.
		const autoname = (this.meta.autoname || "").startsWith("field:")
			? frappe.meta.get_docfield(this.doctype, this.meta.autoname.slice(6))
			: null;
		const translated =
			(frappe.boot.translated_doctypes || []).includes(this.doctype) ||
			(subject && subject.translatable) ||
			(autoname && autoname.translatable);
		return translated && typeof text === "string" ? __(text) : text;
	};
	const get_column_html = ListView.prototype.get_column_html;
	ListView.prototype.get_column_html = function (col, doc) {
		const html = get_column_html.call(this, col, doc);
		const df = col.df;
		const value = df && doc[df.fieldname];
		if (!(df && (df.fieldtype === "Select" || df.translatable) && typeof value === "string" && value)) {
			return html;
		}
		// Frappe escapes the tooltip's value twice.
		const escape = (text) => frappe.utils.escape_html(frappe.utils.escape_html(text));
		return html.replace(`${__(df.label)}: ${escape(value)}"`, `${__(df.label)}: ${escape(__(value))}"`);
	};
})();

// Two tooltips that Frappe's own code writes in English, outside __(): frappe-datatable's "Filter based on
// <column>" on a report's filter cells, and the list's "<n> Filters Applied" (filter_list.js). Each is
// rewritten through __() as it appears; in English the words stay as they are, so nothing loops.
(() => {
	if ((frappe.boot.lang || "en").startsWith("en")) return;
	const rules = [
		[/^Filter based on (.+)$/, (m) => __("Filter based on {0}", [__(m[1])])],
		[/^(\d+) Filters? Applied$/, (m) => __("Filters applied: {0}", [m[1]])],
	];
	const retitle = (element) => {
		const title = element.getAttribute && element.getAttribute("title");
		for (const [pattern, words] of rules) {
			const match = title && title.match(pattern);
			const text = match && words(match);
			if (text && text !== title) element.setAttribute("title", text);
			if (match) return;
		}
	};
	new MutationObserver((mutations) => {
		for (const mutation of mutations) {
			if (mutation.type === "attributes") {
				retitle(mutation.target);
				continue;
			}
			for (const node of mutation.addedNodes) {
				if (node.nodeType !== 1) continue;
				retitle(node);
				node.querySelectorAll("[title]").forEach(retitle);
			}
		}
	}).observe(document.documentElement, {
		subtree: true,
		childList: true,
		attributes: true,
		attributeFilter: ["title"],
	});
})();

// The onboarding widget renders a step's description through frappe.markdown without __()
// (onboarding_widget.js, set_description), though it translates the step's title.
(() => {
	const factory = frappe.widget && frappe.widget.widget_factory;
	if (!factory || !factory.onboarding || (frappe.boot.lang || "en").startsWith("en")) return;
	factory.onboarding = class extends factory.onboarding {
		make_body() {
			for (const step of this.steps || []) {
				if (step.description) step.description = __(step.description);
			}
			super.make_body();
		}
	};
})();
