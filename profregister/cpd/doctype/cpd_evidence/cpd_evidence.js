// Copyright (c) 2026, profregister developers
// For license information, please see license.txt

frappe.ui.form.on("CPD Evidence", {
	refresh(frm) {
		frm.trigger("load_criterion");
		// The server says whether this user checks this evidence (HR or head of the worker's entity).
		if (frm.doc.__onload && frm.doc.__onload.can_check) {
			frm.add_custom_button(__("Verify"), () => {
				frappe.prompt(
					{
						fieldname: "profile_matches",
						fieldtype: "Check",
						default: frm.doc.profile_matches,
						label: __(
							"The activity is in accordance with the profile of the declared specialty"
						),
					},
					({ profile_matches }) =>
						frappe
							.xcall("profregister.api.verify_evidence", {
								name: frm.doc.name,
								profile_matches,
							})
							.then(() => frm.reload_doc()),
					__("Verify evidence"),
					__("Verify")
				);
			});
			frm.add_custom_button(__("Reject"), () =>
				frappe.prompt(
					{
						fieldname: "reason",
						fieldtype: "Small Text",
						reqd: 1,
						label: __("Requirement the documents do not meet"),
					},
					({ reason }) =>
						frappe
							.xcall("profregister.api.reject_evidence", { name: frm.doc.name, reason })
							.then(() => frm.reload_doc()),
					__("Reject evidence"),
					__("Reject")
				)
			);
		}
		frm.toggle_enable("profile_matches", !!(frm.doc.__onload && frm.doc.__onload.can_check));
		frm.set_intro(frm.doc.status === "Rejected" ? frm.doc.rejection_reason : "", "red");
	},
	criterion(frm) {
		frm.set_value("variant", "");
		frm.trigger("load_criterion");
	},
	date_to(frm) {
		frm.trigger("load_criterion");
	},
	variant(frm) {
		frm.trigger("offer_units");
	},
	// The criterion decides what the form asks: its variants and units from the rates in force on the
	// activity's end date, authorship only where it counts, the threshold result only where it is needed.
	load_criterion(frm) {
		if (!frm.doc.criterion) return;
		Promise.all([
			frappe.xcall("profregister.api.get_offered_variants", {
				criterion: frm.doc.criterion,
				on_date: frm.doc.date_to || frappe.datetime.get_today(),
			}),
			frappe.db.get_value("CPD Criterion", frm.doc.criterion, [
				"authorship_limit",
				"requires_threshold_result",
			]),
		]).then(([rates, { message: criterion }]) => {
			frm._rates = rates || [];
			const variants = [...new Set(frm._rates.map((r) => r.variant).filter(Boolean))];
			// An Autocomplete keeps its own list: set_data, not the docfield's options, refreshes it.
			frm.fields_dict.variant.set_data(variants.map((value) => ({ value, label: __(value) })));
			frm.toggle_display("variant", variants.length > 0);
			frm.toggle_reqd("variant", variants.length > 0);
			const authorship = !!(criterion && criterion.authorship_limit);
			frm.toggle_display(["author_position", "number_of_authors"], authorship);
			frm.toggle_display(
				"result_at_or_above_threshold",
				!!(criterion && criterion.requires_threshold_result)
			);
			frm.trigger("offer_units");
		});
	},
	offer_units(frm) {
		const rates = (frm._rates || []).filter((r) => !frm.doc.variant || r.variant === frm.doc.variant);
		const units = [...new Set(rates.map((r) => r.unit))];
		if (!units.length) return;
		frm.set_df_property("unit", "options", units);
		if (!units.includes(frm.doc.unit)) frm.set_value("unit", units[0]);
		frm.trigger("preview");
	},
	quantity: (frm) => frm.trigger("preview"),
	unit: (frm) => frm.trigger("preview"),
	date_from: (frm) => frm.trigger("preview"),
	date_to: (frm) => frm.trigger("preview"),
	provider: (frm) => frm.trigger("preview"),
	author_position: (frm) => frm.trigger("preview"),
	number_of_authors: (frm) => frm.trigger("preview"),
	result_at_or_above_threshold: (frm) => frm.trigger("preview"),
	attachment: (frm) => frm.trigger("preview"),
	document_language: (frm) => frm.trigger("preview"),
	translation_attachment: (frm) => frm.trigger("preview"),
	// The server values the evidence as it stands, before it is saved: CU, or what is still missing.
	preview(frm) {
		if (frm.doc.status !== "Draft" || !frm.doc.criterion || !frm.doc.quantity) return;
		const values = {};
		for (const field of [
			"health_worker", "criterion", "variant", "unit", "quantity", "date_from", "date_to", "provider",
			"author_position", "number_of_authors", "result_at_or_above_threshold", "attachment",
			"document_language", "translation_attachment",
		]) {
			if (frm.doc[field] !== undefined && frm.doc[field] !== null) values[field] = frm.doc[field];
		}
		frappe.xcall("profregister.api.preview_credit_units", { values }).then((result) => {
			// The intro shows on a new form too (the dashboard does not).
			frm.set_intro("");
			if (result.problem) {
				frm.set_intro(frappe.utils.escape_html(result.problem), "orange");
			} else if (result.reason) {
				// A rate applies, but the provider rule leaves it at nothing: say why.
				frm.set_intro(frappe.utils.escape_html(result.reason), "orange");
			} else {
				frm.set_intro(
					__("This evidence is worth {0} CU ({1}).", [
						profregister.local_number(result.credit_units),
						frappe.utils.escape_html(__(result.rule_set)),
					]),
					"blue"
				);
			}
		});
	},
});
