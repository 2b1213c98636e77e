// Copyright (c) 2026, profregister developers
// For license information, please see license.txt

frappe.ui.form.on("CPD Evidence", {
	refresh(frm) {
		frm.trigger("load_variants");
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
		frm.trigger("load_variants");
	},
	date_to(frm) {
		frm.trigger("load_variants");
	},
	load_variants(frm) {
		if (!frm.doc.criterion) return;
		frappe
			.call("profregister.api.get_offered_variants", {
				criterion: frm.doc.criterion,
				on_date: frm.doc.date_to || frappe.datetime.get_today(),
			})
			.then(({ message }) => {
				const rates = message || [];
				frm.set_df_property("variant", "options", [
					...new Set(rates.map((r) => r.variant).filter(Boolean)),
				]);
				const units = [...new Set(rates.map((r) => r.unit))];
				if (units.length === 1 && frm.doc.unit !== units[0]) frm.set_value("unit", units[0]);
			});
	},
});
