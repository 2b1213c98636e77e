// Copyright (c) 2026, profregister developers
// For license information, please see license.txt

frappe.ui.form.on("Health Worker", {
	refresh(frm) {
		// After registration the place of work follows the main employment.
		frm.set_df_property("current_entity", "read_only", frm.is_new() ? 0 : 1);
	},
});
