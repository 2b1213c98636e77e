// Copyright (c) 2026, profregister developers
// For license information, please see license.txt

// Valid, in the notice period (the job has told HR), expired, or superseded by a newer certificate.
frappe.listview_settings["Specialist Certificate"] = {
	add_fields: ["valid_until", "is_latest", "expiry_notice_sent_on", "for_clinical_practice"],
	get_indicator(doc) {
		if (doc.for_clinical_practice && !doc.is_latest) {
			return [__("Superseded"), "gray", "is_latest,=,0"];
		}
		if (doc.valid_until < frappe.datetime.get_today()) {
			return [__("Expired"), "red", "valid_until,<,Today"];
		}
		if (doc.expiry_notice_sent_on) {
			return [__("In the notice period"), "orange", "expiry_notice_sent_on,is,set"];
		}
		return [__("Valid"), "green", "valid_until,>=,Today"];
	},
};
