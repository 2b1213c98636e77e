// Copyright (c) 2026, profregister developers
// For license information, please see license.txt

frappe.ui.form.on("Health Worker", {
	refresh(frm) {
		// After registration the place of work follows the main employment.
		frm.set_df_property("current_entity", "read_only", frm.is_new() ? 0 : 1);
		if (frm.doc.status === "Blocked") {
			// A blocked record is read-only: only a new certificate (or the end of a job) changes it.
			frm.disable_save();
			frm.set_read_only();
			frm.events.show_block_reason(frm);
			frm.add_custom_button(__("Add new certificate"), () =>
				frappe.new_doc("Specialist Certificate", { health_worker: frm.doc.name })
			).addClass("btn-primary");
		}
	},
	// The reason is stored in the system's language; it is said again in the reader's, from the certificate.
	show_block_reason(frm) {
		const say = (reason) =>
			frm.set_intro(
				__("Blocked since {0}: {1}", [
					frappe.datetime.str_to_user(frm.doc.blocked_since),
					frappe.utils.escape_html(reason || ""),
				]),
				"red"
			);
		if (!frm.doc.blocking_certificate) return say(frm.doc.block_reason);
		frappe.db
			.get_value("Specialist Certificate", frm.doc.blocking_certificate, [
				"certificate_number",
				"specialty",
				"valid_until",
			])
			.then(({ message: cert }) =>
				say(
					cert && cert.certificate_number
						? __("Certificate {0} for {1} expired on {2}", [
								cert.certificate_number,
								__(cert.specialty),
								frappe.datetime.str_to_user(cert.valid_until),
						  ])
						: frm.doc.block_reason
				)
			);
	},
	iin(frm) {
		const iin = (frm.doc.iin || "").trim();
		if (iin.length !== 12) return;
		// Checked as soon as it is typed; date of birth and sex come from the number itself.
		frappe.xcall("profregister.api.read_iin", { iin }).then((info) => {
			if (!frm.doc.date_of_birth) frm.set_value("date_of_birth", info.date_of_birth);
			if (!frm.doc.sex) frm.set_value("sex", info.sex);
		});
	},
});
