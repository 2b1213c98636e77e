// Copyright (c) 2026, profregister developers
// For license information, please see license.txt

frappe.ui.form.on("Record Correction Request", {
	setup(frm) {
		// The request keeps the Health Worker field's name; people read the field's label.
		frappe.meta.docfield_map[frm.doctype].field.formatter = (value) =>
			value && frappe.utils.escape_html(correction_field_label(value));
	},
	refresh(frm) {
		frappe.model.with_doctype("Health Worker", () => {
			const offered = frappe.meta.get_docfield(frm.doctype, "field").options.split("\n");
			// An Autocomplete keeps its own list: set_data, not the docfield's options, refreshes it.
			frm.fields_dict.field.set_data(
				offered.filter(Boolean).map((value) => ({ value, label: correction_field_label(value) }))
			);
			frm.refresh_field("field");
		});
		// A decision is final; a request is never edited, only decided.
		if (!frm.is_new() && frm.doc.status !== "Open") frm.disable_save();
		if (frm.is_new() || !(frm.doc.__onload && frm.doc.__onload.can_decide)) return;
		frm.add_custom_button(__("Accept"), () =>
			frappe.confirm(
				__("Change {0} in the record to {1}?", [
					correction_field_label(frm.doc.field),
					frm.doc.proposed_value,
				]),
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

// The translated label of the Health Worker field a request names (by fieldname, or by the label an
// older request stored); the form's refresh loads the Health Worker's meta.
function correction_field_label(value) {
	return value && __(frappe.meta.get_label("Health Worker", value));
}
