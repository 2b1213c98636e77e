// Copyright (c) 2026, profregister developers
// For license information, please see license.txt

frappe.ui.form.on("Register API Client", {
	refresh(frm) {
		if (frm.is_new()) return;
		frm.add_custom_button(__("Issue API secret"), () =>
			frappe.confirm(__("Issue a new secret? The client's previous secret stops working."), () =>
				frm.call("generate_secret").then(({ message }) => {
					frm.reload_doc();
					// Shown once, as text (never as HTML): the client's administrator copies it.
					const dialog = new frappe.ui.Dialog({
						title: __("API key and secret"),
						fields: [
							{
								fieldtype: "Data",
								fieldname: "token",
								label: __("Authorization: token"),
								read_only: 1,
								default: message,
							},
						],
					});
					dialog.show();
				})
			)
		);
	},
});
