// Copyright (c) 2026, profregister developers
// For license information, please see license.txt

frappe.ui.form.on("Record Correction Request", {
	refresh(frm) {
		// A decision is final; a request is never edited, only decided.
		if (!frm.is_new() && frm.doc.status !== "Open") frm.disable_save();
		if (frm.is_new() || !(frm.doc.__onload && frm.doc.__onload.can_decide)) return;
		frm.add_custom_button(__("Accept"), () =>
			frappe.confirm(
				__("Change {0} in the record to {1}?", [__(frm.doc.field), frm.doc.proposed_value]),
				() =>
					frappe
						.xcall("profregister.api.accept_correction", { name: frm.doc.name })
						.then(() => frm.reload_doc())
			)
		).addClass("btn-primary");
		frm.add_custom_button(__("Decline"), () =>
			frappe.prompt(
				{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason"), reqd: 1 },
				({ reason }) =>
					frappe
						.xcall("profregister.api.decline_correction", { name: frm.doc.name, reason })
						.then(() => frm.reload_doc()),
				__("Decline the correction")
			)
		);
	},
});
