// Copyright (c) 2026, profregister developers
// For license information, please see license.txt

frappe.listview_settings["Health Worker Status Change"] = {
	// The name is a random key that tells the reader nothing, in no language.
	hide_name_column: true,
};
