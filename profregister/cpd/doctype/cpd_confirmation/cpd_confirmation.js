// Copyright (c) 2026, profregister developers
// For license information, please see license.txt

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
});
