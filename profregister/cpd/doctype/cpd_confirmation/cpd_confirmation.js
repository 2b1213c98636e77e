// Copyright (c) 2026, profregister developers
// For license information, please see license.txt

// What each signing action means, said before the user signs (rule 10, Appendix 2).
const SIGNING = {
	Sign: () =>
		__(
			"You sign the confirmation as the HR chief: you confirm that items 1-11 match the register and the verified evidence. The head of the entity signs next."
		),
	Confirm: () =>
		__(
			"You confirm the CPD results: the confirmation is signed, becomes final and can no longer be changed, and its verification page is published."
		),
};

frappe.ui.form.on("CPD Confirmation", {
	setup(frm) {
		// Only the workers of the user's entities are offered (User Permissions do the scoping).
		frm.set_query("health_worker", () => ({ filters: { status: "Active" } }));
	},
	refresh(frm) {
		if (frm.doc.verification_code && frm.doc.docstatus === 1) {
			frm.add_custom_button(__("Verification page"), () =>
				window.open(`/cpd-verify?code=${encodeURIComponent(frm.doc.verification_code)}`)
			);
		}
	},
	// Frappe applies the chosen workflow action once this resolves: a refusal takes its reason and is
	// made by the server in one step instead, and a signature is asked to be confirmed first.
	before_workflow_action(frm) {
		const action = frm.selected_workflow_action;
		if (action === "Refuse") {
			frappe.dom.unfreeze();
			return new Promise((resolve, reject) => {
				ask_refusal_reason(frm);
				reject();
			});
		}
		if (SIGNING[action]) {
			frappe.dom.unfreeze();
			return new Promise((resolve, reject) =>
				frappe.confirm(SIGNING[action](), resolve, reject)
			);
		}
	},
});

function ask_refusal_reason(frm) {
	frappe.prompt(
		{
			fieldname: "reason",
			fieldtype: "Small Text",
			reqd: 1,
			label: __("Refusal reason"),
			description: __("Rule 11: the evidence and the requirement it does not meet"),
		},
		({ reason }) =>
			frappe
				.xcall("profregister.api.refuse_confirmation", { name: frm.doc.name, reason })
				.then(() => frm.reload_doc()),
		__("Refuse the confirmation"),
		__("Refuse")
	);
}
