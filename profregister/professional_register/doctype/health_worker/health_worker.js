// Copyright (c) 2026, profregister developers
// For license information, please see license.txt

frappe.ui.form.on("Health Worker", {
	refresh(frm) {
		// After registration the place of work follows the main employment.
		frm.set_df_property("current_entity", "read_only", frm.is_new() ? 0 : 1);
		if (!frm.is_new()) frm.events.show_indicators(frm);
		if (!frm.is_new() && !frm.doc.user && frm.perm[0] && frm.perm[0].write) {
			frm.add_custom_button(__("Invite to the register"), () => frm.events.invite(frm));
		}
		if (!frm.is_new() && frm.doc.user && frm.perm[0] && frm.perm[0].write) {
			frm.add_custom_button(__("Copy invitation link"), () => frm.events.copy_invitation_link(frm));
		}
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
	// An account for the worker: they set their password from the welcome email.
	invite(frm) {
		frappe.prompt(
			{ fieldname: "email", fieldtype: "Data", options: "Email", label: __("Email"), reqd: 1 },
			({ email }) =>
				frappe
					.xcall("profregister.api.invite_worker", { health_worker: frm.doc.name, email })
					.then(() => {
						frappe.show_alert({ message: __("Invitation sent to {0}", [email]), indicator: "green" });
						frm.reload_doc();
					}),
			__("Invite to the register"),
			__("Send invitation")
		);
	},
	// Where mail does not reach: HR hands the worker the link to set their password (made anew).
	copy_invitation_link(frm) {
		frappe
			.xcall("profregister.api.invitation_link", { health_worker: frm.doc.name })
			.then((link) => {
				frappe.utils.copy_to_clipboard(link);
				frappe.msgprint({
					title: __("Invitation link"),
					message: `<p>${__("Hand this link to the worker: it sets their password once.")}</p>
						<p><code class="invitation-link">${frappe.utils.escape_html(link)}</code></p>`,
				});
			});
	},
	// At a glance: the latest clinical certificate's validity and the CU of the current window. Frappe
	// keeps the strip across a save's refresh: each indicator replaces its own earlier one.
	show_indicators(frm) {
		const show = (key, label, color) => {
			frm.dashboard.stats_area_row.find(`[data-profregister-indicator="${key}"]`).remove();
			frm.dashboard.add_indicator(label, color).attr("data-profregister-indicator", key);
		};
		frappe.db
			.get_list("Specialist Certificate", {
				filters: { health_worker: frm.doc.name, is_latest: 1, for_clinical_practice: 1 },
				fields: ["valid_until"],
				order_by: "valid_until desc",
				limit: 1,
			})
			.then(([latest]) => {
				if (!latest) {
					show("certificate", __("No certificate for clinical practice"), "gray");
					return;
				}
				const day = frappe.datetime.str_to_user(latest.valid_until);
				if (latest.valid_until < frappe.datetime.get_today()) {
					show("certificate", __("Certificate expired on {0}", [day]), "red");
				} else {
					show("certificate", __("Certificate valid until {0}", [day]), "green");
				}
			});
		frappe
			.xcall("profregister.api.get_worker_credit_units", { health_worker: frm.doc.name })
			.then((result) =>
				show(
					"credit_units",
					__("{0} CU from {1} to {2}", [
						profregister.local_number(result.total),
						frappe.datetime.str_to_user(result.window.start),
						frappe.datetime.str_to_user(result.window.end),
					]),
					"blue"
				)
			);
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
		frm.events.say_iin_problem(frm, "");
		if (iin.length !== 12) return;
		// Checked as soon as it is typed; date of birth and sex come from the number itself. A problem
		// is said under the field, not in a dialog that interrupts the typing.
		frappe.call({
			method: "profregister.api.read_iin",
			args: { iin },
			silent: true,
			callback: ({ message: info }) => {
				if (!frm.doc.date_of_birth) frm.set_value("date_of_birth", info.date_of_birth);
				if (!frm.doc.sex) frm.set_value("sex", info.sex);
			},
			error: (r) => {
				const said = JSON.parse((r && r._server_messages) || "[]").map((m) => JSON.parse(m).message);
				frm.events.say_iin_problem(frm, said.join(" ") || __("Invalid IIN"));
			},
		});
	},
	say_iin_problem(frm, message) {
		const field = frm.get_field("iin");
		field.$wrapper.toggleClass("has-error", Boolean(message));
		field.$wrapper.find(".profregister-iin-problem").remove();
		if (!message) return;
		$('<p class="help-box small text-danger profregister-iin-problem"></p>')
			.text(message)
			.appendTo(field.$wrapper.find(".control-input-wrapper"));
	},
});
