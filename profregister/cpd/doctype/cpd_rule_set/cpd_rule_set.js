// Copyright (c) 2026, profregister developers
// For license information, please see license.txt

// An edit of the rates in place revalues every piece of evidence the set values, back to its start: the
// form says how many first, and offers the other way, a new rule set from a date
// (services/cpd/rule_sets.py).
frappe.ui.form.on("CPD Rule Set", {
	refresh(frm) {
		frm.saved_rates = rates_of(frm);
		if (!frm.is_new() && frm.perm[0] && frm.perm[0].write) {
			frm.add_custom_button(__("New rule set from date"), () => new_rule_set_from(frm));
		}
	},
	before_save(frm) {
		if (frm.is_new() || rates_of(frm) === frm.saved_rates) {
			return;
		}
		return frappe
			.call({
				method: "profregister.api.desk.rule_set_impact",
				args: { name: frm.doc.name },
				type: "GET",
			})
			.then(({ message: impact }) => impact.evidence && confirm_revaluation(impact));
	},
});

function rates_of(frm) {
	return JSON.stringify(
		(frm.doc.rates || []).map((r) => [r.criterion, r.variant, r.unit, r.per_quantity, r.credit_units])
	);
}

function confirm_revaluation(impact) {
	return new Promise((resolve) => {
		frappe.confirm(
			__(
				"Changing the rates here revalues {0} pieces of evidence, back to {1}. To change the rates from a date instead, cancel and use New rule set from date.",
				[format_number(impact.evidence, null, 0), frappe.datetime.str_to_user(impact.since)]
			),
			() => resolve(),
			() => {
				frappe.validated = false;
				resolve();
			}
		);
	});
}

function new_rule_set_from(frm) {
	frappe.prompt(
		[{ fieldname: "from_date", fieldtype: "Date", label: __("Effective from"), reqd: 1 }],
		({ from_date }) =>
			frappe
				.xcall("profregister.api.desk.start_rule_set_from", { name: frm.doc.name, from_date })
				.then((name) => frappe.set_route("Form", "CPD Rule Set", name)),
		__("New rule set from date"),
		__("Create")
	);
}
