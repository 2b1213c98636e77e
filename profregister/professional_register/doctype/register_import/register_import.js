// Copyright (c) 2026, profregister developers
// For license information, please see license.txt

// Upload, check (a dry run with counts and an error file), then import; progress arrives in realtime.
frappe.ui.form.on("Register Import", {
	setup(frm) {
		frappe.realtime.on("register_import_progress", (data) => {
			if (data.name !== frm.doc.name) return;
			frm.events.show_progress(frm, data);
			if (data.finished) frm.reload_doc();
		});
	},
	refresh(frm) {
		for (const file_type of ["xlsx", "csv"]) {
			frm.add_custom_button(
				file_type.toUpperCase(),
				() =>
					window.open(
						`/api/method/profregister.api.register_import_template?file_type=${file_type}`
					),
				__("Template")
			);
		}
		if (frm.is_new() || frm.is_dirty()) return;
		const running = frm.doc.__onload && frm.doc.__onload.job_running;
		const status = frm.doc.status;
		frm.page.set_indicator(__(status), frm.events.indicator(status));
		if (running || ["Checking", "Importing"].includes(status)) {
			if (!running) frm.events.offer_resume(frm);
			else frm.events.poll(frm);
			return;
		}
		if (status !== "Completed" || frm.doc.checked_file !== frm.doc.import_file) {
			frm.add_custom_button(__("Check file"), () => frm.events.start(frm, false)).addClass(
				status === "Checked" ? "btn-default" : "btn-primary"
			);
		}
		if (status === "Checked" && frm.doc.checked_file === frm.doc.import_file) {
			frm.add_custom_button(__("Import"), () =>
				frappe.confirm(
					__("Import {0} new and {1} updated rows into the register?", [
						frm.doc.rows_new,
						frm.doc.rows_update,
					]),
					() => frm.events.start(frm, true)
				)
			).addClass("btn-primary");
		}
		if (status === "Failed" && frm.doc.last_committed_row) frm.events.offer_resume(frm);
	},
	poll(frm) {
		// Realtime carries the progress; the status is also read again, should a message be missed.
		const name = frm.doc.name;
		setTimeout(() => {
			if (frm.doc.name === name && !frm.is_dirty()) frm.reload_doc();
		}, 3000);
	},
	offer_resume(frm) {
		// A run that stopped (a restart, a crash) goes on from its last committed chunk.
		frm.add_custom_button(__("Resume import"), () => frm.events.start(frm, true)).addClass(
			"btn-primary"
		);
	},
	start(frm, commit) {
		frappe
			.xcall(
				commit ? "profregister.api.start_register_import" : "profregister.api.check_register_import",
				{ name: frm.doc.name }
			)
			.then(() => frm.reload_doc());
	},
	show_progress(frm, data) {
		frm.dashboard.show_progress(
			data.commit ? __("Importing") : __("Checking"),
			data.total ? (100 * data.done) / data.total : 0,
			__("{0} of {1} rows, {2} rows per second, {3} left", [
				format_number(data.done, null, 0),
				format_number(data.total, null, 0),
				format_number(data.rows_per_second, null, 0),
				data.seconds_left == null ? "—" : frappe.utils.get_formatted_duration(data.seconds_left),
			])
		);
		if (data.finished) frm.dashboard.hide_progress(data.commit ? __("Importing") : __("Checking"));
	},
	indicator(status) {
		return (
			{ Checked: "blue", Completed: "green", Failed: "red", Checking: "orange", Importing: "orange" }[
				status
			] || "gray"
		);
	},
});
