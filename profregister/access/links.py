"""Roles and desk defaults follow the links: users listed on entities, regions and workers.

The forms are the source of truth. Every change of a link recomputes the user's linked roles from all
their links and takes away what no link gives any more; access itself is decided by the scope gate
(access/gate.py) from the same links. User Permissions are kept only as desk defaults (a
new worker's entity), never as the gate.
"""

import frappe
from frappe import _

from profregister.access import invitation_mail
from profregister.access.gate import (
	ADMIN_ROLES,
	API_CLIENT_ROLE,
	AUDITOR_ROLES,
	LINKED_ROLES,
	NATIONAL_ROLES,
	REGIONAL_ROLE,
	WORKER_ROLE,
	forget,
)

# Roles that grant nothing by themselves: a user holding only these may be linked as a worker's account.
HARMLESS_ROLES = {"All", "Guest", "Desk User", WORKER_ROLE}

# Accounts the register makes or links, and its national roles: they hold exactly the roles given to them.
APP_ACCOUNT_ROLES = {
	*LINKED_ROLES,
	API_CLIENT_ROLE,
	*(set(NATIONAL_ROLES) - {"System Manager"}),
	*AUDITOR_ROLES,
}


def note_system_manager(user, method=None):
	"""User before_validate: whether System Manager was given on purpose (see refuse_implied_admin)."""
	user.flags.system_manager_given = any(r.role == "System Manager" for r in user.get("roles"))


def refuse_implied_admin(user, method=None):
	"""User validate: Frappe makes any new System User a System Manager while the site has no other
	human one, so the first HR specialist, registrar or API client of a fresh site would become its
	administrator. An account of the register gets that role only when someone gives it."""
	roles = [r.role for r in user.get("roles")]
	if user.flags.system_manager_given or not APP_ACCOUNT_ROLES & set(roles):
		return
	user.set("roles", [r for r in user.get("roles") if r.role != "System Manager"])


def sync_links(allow: str, for_value: str, users: list[str]):
	"""Exactly `users` hold the desk default for `allow` = `for_value`; the roles of everyone
	affected are recomputed from their links."""
	existing = {
		row.user: row.name
		for row in frappe.get_all(
			"User Permission", filters={"allow": allow, "for_value": for_value}, fields=["name", "user"]
		)
	}
	for user, name in existing.items():
		if user not in users:
			frappe.delete_doc("User Permission", name, ignore_permissions=True)
	for user in users:
		if user not in existing:
			# The only entity (region) of a user is the default in new records, e.g. a new worker's entity.
			first = not frappe.db.exists("User Permission", {"user": user, "allow": allow})
			frappe.get_doc(
				{
					"doctype": "User Permission",
					"user": user,
					"allow": allow,
					"for_value": for_value,
					"apply_to_all_doctypes": 1,
					"is_default": int(first),
				}
			).insert(ignore_permissions=True)
	for user in set(existing) | set(users):
		sync_roles(user)
		reconcile_own_record(user)
	forget()


def linked_roles(user: str) -> set[str]:
	roles = set(
		frappe.get_all(
			"Healthcare Entity User",
			filters={"user": user, "parenttype": "Healthcare Entity"},
			pluck="function",
		)
	)
	if frappe.db.exists("Region Health Department User", {"user": user, "parenttype": "Region"}):
		roles.add(REGIONAL_ROLE)
	if frappe.db.exists("Health Worker", {"user": user}):
		roles.add(WORKER_ROLE)
	return roles & set(LINKED_ROLES)


def sync_roles(user: str):
	"""The user holds exactly the linked roles their links give; other roles are left alone."""
	if not user or user in ("Administrator", "Guest") or not frappe.db.exists("User", user):
		return
	wanted = linked_roles(user)
	user_doc = frappe.get_doc("User", user)
	held = {row.role for row in user_doc.roles}
	remove = [role for role in LINKED_ROLES if role in held and role not in wanted]
	add = [role for role in LINKED_ROLES if role in wanted and role not in held]
	if not (remove or add):
		return
	user_doc.flags.ignore_permissions = True
	user_doc.set("roles", [row for row in user_doc.roles if row.role not in remove])
	for role in add:
		user_doc.append("roles", {"role": role})
	user_doc.save(ignore_permissions=True)
	forget(user)


def validate_worker_account(worker):
	"""Only an administrator links an account that holds other roles or links: otherwise an HR user could
	hand a national role's holder (or any account) the register by linking and unlinking it."""
	if not worker.user or not worker.has_value_changed("user"):
		return
	if worker.user in ("Administrator", "Guest"):
		frappe.throw(_("This account cannot be a health worker's account"), title=_("User account"))
	other = frappe.db.get_value("Health Worker", {"user": worker.user, "name": ("!=", worker.name or "")})
	if other:
		frappe.throw(
			_("User account {0} already belongs to another health worker").format(worker.user),
			title=_("User account"),
		)
	if ADMIN_ROLES & set(frappe.get_roles()):
		return
	roles = set(frappe.get_roles(worker.user)) - HARMLESS_ROLES
	if roles or linked_roles(worker.user) - {WORKER_ROLE}:
		frappe.throw(
			_(
				"User account {0} has other roles or links: only the Register Administrator may link it to a health worker"
			).format(worker.user),
			frappe.PermissionError,
			title=_("User account"),
		)


def reconcile_own_record(user: str):
	"""A worker's user gets their record as desk default, unless they already have an entity or region
	scope: Frappe intersects User Permissions, so theirs would narrow every list of the head or HR
	specialist who is also a health worker to their own record."""
	scoped = frappe.db.exists(
		"User Permission", {"user": user, "allow": ("in", ("Healthcare Entity", "Region"))}
	)
	own_records = set(frappe.get_all("Health Worker", filters={"user": user}, pluck="name"))
	held = {
		row.for_value: row.name
		for row in frappe.get_all(
			"User Permission", filters={"user": user, "allow": "Health Worker"}, fields=["name", "for_value"]
		)
	}
	for record, name in held.items():
		if scoped or record not in own_records:
			frappe.delete_doc("User Permission", name, ignore_permissions=True)
	if not scoped:
		for record in own_records - set(held):
			frappe.get_doc(
				{
					"doctype": "User Permission",
					"user": user,
					"allow": "Health Worker",
					"for_value": record,
					"apply_to_all_doctypes": 1,
				}
			).insert(ignore_permissions=True)


def invite_worker(worker, email: str) -> str:
	"""An account for the worker, by their HR: a new user whose only role comes from this link, and the
	invitation email with the link to set a password, in the account's language (invitation_mail). No
	one registers themselves by IIN: anyone may know an IIN."""
	email = (email or "").strip().lower()
	if not frappe.utils.validate_email_address(email):
		frappe.throw(_("{0}: {1} is not an email address").format(_("Email"), email), title=_("User account"))
	if worker.user:
		frappe.throw(_("{0} already has an account").format(worker.full_name), title=_("User account"))
	if frappe.db.exists("User", email):
		frappe.throw(
			_("An account with this email exists: the Register Administrator links it"),
			title=_("User account"),
		)
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": worker.first_name,
			"last_name": worker.last_name,
			# Not Frappe's welcome mail (English, or the inviting HR's language): invitation_mail's, below.
			"send_welcome_email": 0,
			"language": invitation_language(),
			# The role the link gives (sync_roles keeps it so): an account is never made without one.
			"roles": [{"role": WORKER_ROLE}],
		}
	)
	user.insert(ignore_permissions=True)  # HR creates no other account; the worker's write right was checked
	worker.user = email
	worker.save()
	# The email waits in the email queue (the scheduler's flush sends it): sent within the request, an
	# unreachable mail server would fail the invitation after the send had committed the account.
	invitation_mail.send(user, worker.current_entity)
	return email


def invitation_link(worker) -> str:
	"""The invitation's set-password link, for HR to hand over where mail does not reach: made anew (Frappe
	keeps only a hash of the emailed one, which stops working). Only for an account invited for the
	worker that has no password yet: a link to an account in use, or one with other roles, would let HR
	sign in as someone else."""
	if not worker.user:
		frappe.throw(
			_("{0} has no account yet: invite them to the register first").format(worker.full_name),
			title=_("User account"),
		)
	if set(frappe.get_roles(worker.user)) - HARMLESS_ROLES:
		frappe.throw(
			_("The account of {0} has other roles: only the Register Administrator helps with it").format(
				worker.full_name
			),
			title=_("User account"),
		)
	if has_password(worker.user):
		frappe.throw(
			_("{0} has already set a password: a forgotten one is reset from the login page").format(
				worker.full_name
			),
			title=_("User account"),
		)
	return frappe.get_doc("User", worker.user).reset_password()


def has_password(user: str) -> bool:
	auth = frappe.qb.Table("__Auth")
	query = (
		frappe.qb.from_(auth)
		.select(auth.name)
		.where((auth.doctype == "User") & (auth.name == user) & (auth.fieldname == "password"))
	)
	return bool(query.limit(1).run())


# The languages of the register's own orders; English is the source language, never a worker's default.
WORKER_LANGUAGES = ("kk", "ru")


def invitation_language() -> str:
	"""A new worker account starts in the language of the HR who invites them (the entity's working
	language: the register holds no language of the worker's), else the site's, else Russian; the worker
	changes it in the portal."""
	for lang in (frappe.db.get_value("User", frappe.session.user, "language"), frappe.db.get_default("lang")):
		if lang in WORKER_LANGUAGES:
			return lang
	return "ru"
