// Copyright (c) 2026, profregister developers
// For license information, please see license.txt

frappe.ui.form.on("CPD Evidence", {
	refresh(frm) {
		frm.trigger("load_variants");
		if (frm.doc.status === "Draft" && !frm.is_new() && frm.has_perm("write")) {
			frm.add_custom_button(__("Verify"), () =>
				frm.call("verify").then(() => frm.reload_doc())
			);
			frm.add_custom_button(__("Reject"), () =>
				frappe.prompt(
					{
						fieldname: "reason",
						fieldtype: "Small Text",
						reqd: 1,
						label: __("Requirement the documents do not meet"),
					},
					({ reason }) => frm.call("reject", { reason }).then(() => frm.reload_doc()),
					__("Reject evidence")
				)
			);
		}
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
			.call("profregister.services.cpd.get_offered_variants", {
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
