// Copyright (c) 2026, profregister developers
// For license information, please see license.txt

frappe.ui.form.on("Coordinator Submission", {
	refresh(frm) {
		if (frm.doc.docstatus === 0 && !frm.is_new()) {
			frm.add_custom_button(__("Refresh figures"), () =>
				frappe.xcall("profregister.api.refresh_submission_figures", { name: frm.doc.name }).then(() => frm.reload_doc())
			);
		}
		frm.trigger("render_figures");
	},
	render_figures(frm) {
		const { columns = [], rows = [] } = JSON.parse(frm.doc.figures || "{}");
		const cell = (value) => frappe.utils.escape_html(value == null ? "" : String(value));
		// Labels are stored as keys: each reader sees them in their own language.
		const head = columns.map((c) => `<th>${cell(__(c.label))}</th>`).join("");
		const body = rows
			.map((r) => `<tr>${columns.map((c) => `<td>${cell(r[c.fieldname])}</td>`).join("")}</tr>`)
			.join("");
		frm.get_field("figures_html").$wrapper.html(
			`<div style="overflow:auto"><table class="table table-bordered table-sm"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`
		);
	},
});
