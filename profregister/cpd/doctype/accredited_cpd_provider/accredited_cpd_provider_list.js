// Copyright (c) 2026, profregister developers
// For license information, please see license.txt

// The ministry's list names each provider in Russian and in Kazakh: a Kazakh desk lists the Kazakh name.
// name_ru is the title field, so this formats only the subject, which Frappe sets as text (not markup).
frappe.listview_settings["Accredited CPD Provider"] = {
	add_fields: ["name_kk"],
	formatters: {
		name_ru(value, df, doc) {
			return frappe.boot.lang === "kk" && doc.name_kk ? doc.name_kk : value;
		},
	},
};
