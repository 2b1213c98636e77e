"""The scope gate: which register records a user may reach, computed from the user's live links.

One model, used by every path to a record (forms, lists, search, counts, reports, files, the API):

- a user listed on a Healthcare Entity reaches that entity's records, with the rights of the function
  they are listed with (HR Specialist, HR Chief, Head of Healthcare Entity);
- a user listed on a Region reaches the records of that region and everything under it;
- the user account of a Health Worker reaches that worker's own records;
- a national role (Register Administrator, National Coordinator, Professional Association, System
  Manager) reaches the whole country, with the rights its DocPerms give.

A role without the link grants nothing; each link grants only what its own role's DocPerms grant on
the doctype (an HR specialist who is also a health worker does not gain HR rights on another entity
through their own record). Frappe applies `query_conditions` to every list, count and search and
`has_permission` to every document; writes are judged on the record as stored and as it would become.
"""

from dataclasses import dataclass

import frappe
from frappe import _
from frappe.permissions import rights as ALL_RIGHTS
from frappe.utils import escape_html

NATIONAL_ROLES = (
	"System Manager",
	"Register Administrator",
	"National Coordinator",
	"Professional Association",
)
ENTITY_ROLES = ("HR Specialist", "HR Chief", "Head of Healthcare Entity")
REGIONAL_ROLE = "Regional Health Department"
WORKER_ROLE = "Health Worker"
# Systems reading the directory through the FHIR and verification APIs (Register API Client).
API_CLIENT_ROLE = "Register API Client"
# The roles the app grants and takes away as links come and go (access/links.py).
LINKED_ROLES = (*ENTITY_ROLES, REGIONAL_ROLE, WORKER_ROLE)
# Who links users and hands out every other role.
ADMIN_ROLES = frozenset({"System Manager", "Register Administrator"})
CHANGE_RIGHTS = ("write", "create", "submit", "cancel", "amend", "delete")


@dataclass(frozen=True)
class Fields:
	"""Where a doctype keeps the entity, region and worker its access follows."""

	entity: str | None = None
	region: str | None = None
	worker: str | None = None
	# Placement derived from the worker's record (certificates, evidence): an incoming value is never trusted.
	via_worker: bool = False
	# Country-wide aggregates any linked regional department may read.
	regional_reads_all: bool = False


SCOPED = {
	"Health Worker": Fields("current_entity", "current_region", "name"),
	"Employment": Fields("healthcare_entity", "region", "health_worker"),
	"Specialist Certificate": Fields("healthcare_entity", "region", "health_worker", via_worker=True),
	"CPD Evidence": Fields("healthcare_entity", "region", "health_worker", via_worker=True),
	"CPD Confirmation": Fields("healthcare_entity", "region", "health_worker", via_worker=True),
	"Staffing Table": Fields("healthcare_entity", "region"),
	"Coordinator Submission": Fields(regional_reads_all=True),
	"Health Worker Status Change": Fields("healthcare_entity", "region", "health_worker"),
	"Record Correction Request": Fields("healthcare_entity", "region", "health_worker", via_worker=True),
	# Imports are the entity's (its HR imports into it); the Register Administrator's reach the country.
	"Register Import": Fields("healthcare_entity"),
}
# Reference data every linked user may read, no one without a link (the Register Administrator keeps it).
DIRECTORY = ("Healthcare Entity", "Accredited CPD Provider")
# The trail of reads of personal data (access/audit.py): read by the Register Administrator and the
# auditor only, changed by nobody (its rows are written with SQL, and purged only by the retention job).
AUDIT_TRAIL = ("Personal Data Access",)
AUDITOR_ROLES = frozenset({"Register Administrator", "Register Auditor"})
AUDIT_RIGHTS = frozenset({"read", "select", "report", "export", "print"})
GATED = (*SCOPED, *DIRECTORY, *AUDIT_TRAIL)
# Child tables of gated doctypes: Frappe lists them with only a doctype-level check of the parent.
CHILDREN = {
	"Health Worker Document": "Health Worker",
	"Health Worker Education": "Health Worker",
	"Health Worker Publication": "Health Worker",
	"Health Worker Training": "Health Worker",
	"CPD Confirmation Employment": "CPD Confirmation",
	"CPD Confirmation Result": "CPD Confirmation",
	"Healthcare Entity User": "Healthcare Entity",
	"Accredited CPD Provider Specialty": "Accredited CPD Provider",
	"Region Health Department User": "Region",
}
# Who is linked where is for administrators only.
ADMIN_ONLY_CHILDREN = ("Healthcare Entity User", "Region Health Department User")


@dataclass(frozen=True)
class Grant:
	role: str
	kind: str  # national, entity, region, worker
	values: frozenset = frozenset()


def grants(user: str | None = None) -> tuple[Grant, ...]:
	"""The user's links, read once per request (and again after a link changes: `forget`)."""
	user = user or frappe.session.user
	cache = request_cache("profregister_grants")
	if user not in cache:
		cache[user] = _compute_grants(user)
	return cache[user]


def request_cache(name: str) -> dict:
	"""A dict that lives as long as the request (frappe.local is released after each)."""
	cache = getattr(frappe.local, name, None)
	if cache is None:
		cache = {}
		setattr(frappe.local, name, cache)
	return cache


def forget(user: str | None = None):
	cache = getattr(frappe.local, "profregister_grants", None)
	if cache is not None:
		cache.pop(user, None) if user else cache.clear()


def _compute_grants(user: str) -> tuple[Grant, ...]:
	if user in ("Guest", None):
		return ()
	roles = set(frappe.get_roles(user))
	result = [Grant(role, "national") for role in NATIONAL_ROLES if role in roles]
	by_function: dict[str, set[str]] = {}
	for row in frappe.get_all(
		"Healthcare Entity User",
		filters={"user": user, "parenttype": "Healthcare Entity"},
		fields=["parent", "function"],
	):
		by_function.setdefault(row.function, set()).add(row.parent)
	for role, entities in by_function.items():
		if role in roles and role in ENTITY_ROLES:
			result.append(Grant(role, "entity", frozenset(entities)))
	if REGIONAL_ROLE in roles:
		regions = frappe.get_all(
			"Region Health Department User", filters={"user": user, "parenttype": "Region"}, pluck="parent"
		)
		if regions:
			result.append(Grant(REGIONAL_ROLE, "region", frozenset(with_descendants(regions))))
	if WORKER_ROLE in roles:
		workers = frappe.get_all("Health Worker", filters={"user": user}, pluck="name")
		if workers:
			result.append(Grant(WORKER_ROLE, "worker", frozenset(workers)))
	return tuple(result)


def with_descendants(regions) -> list[str]:
	"""Regions and everything under them, in one query on the nested set."""
	region = frappe.qb.DocType("Region")
	bounds = (
		frappe.qb.from_(region).select(region.lft, region.rgt).where(region.name.isin(list(regions))).run()
	)
	if not bounds:
		return []
	inner = frappe.qb.DocType("Region").as_("inner_region")
	query = frappe.qb.from_(inner).select(inner.name)
	condition = None
	for lft, rgt in bounds:
		term = (inner.lft >= lft) & (inner.rgt <= rgt)
		condition = term if condition is None else condition | term
	return query.where(condition).run(pluck=True)


def role_rights(doctype: str, role: str) -> frozenset[str]:
	"""What a role's DocPerms (custom ones included) grant on a doctype at permission level 0."""
	cache = request_cache("profregister_rights")
	key = (doctype, role)
	if key not in cache:
		granted = set()
		for perm in frappe.get_meta(doctype).permissions:
			if perm.role == role and not perm.permlevel:
				granted.update(right for right in ALL_RIGHTS if perm.get(right))
		cache[key] = frozenset(granted)
	return cache[key]


def grants_for(doctype: str, ptype: str, user: str | None = None) -> list[Grant]:
	ptypes = {"read", "select"} if ptype in ("read", "select") else {ptype}
	return [g for g in grants(user) if ptypes & role_rights(doctype, g.role)]


# Lists, counts, search, report view


def query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""SQL condition on `tab<doctype>` for what the user may read; '' only for a national reader."""
	user = user or frappe.session.user
	if user == "Administrator":
		return ""
	if doctype in CHILDREN:
		return child_conditions(user, doctype)
	if doctype in AUDIT_TRAIL:
		return "" if AUDITOR_ROLES & set(frappe.get_roles(user)) else "1=0"
	if doctype in DIRECTORY:
		return "" if grants(user) else "1=0"
	return _condition(doctype, grants_for(doctype, "read", user))


def child_conditions(user: str, doctype: str) -> str:
	"""Rows of a child table list only under parents the user may read."""
	parent = CHILDREN[doctype]
	if doctype in ADMIN_ONLY_CHILDREN:
		return "" if ADMIN_ROLES & set(frappe.get_roles(user)) else "1=0"
	condition = query_conditions(user, parent)
	if condition in ("", "1=0"):
		return condition
	return (
		f"`tab{doctype}`.`parenttype` = {frappe.db.escape(parent)} and `tab{doctype}`.`parent` in "
		f"(select `tab{parent}`.`name` from `tab{parent}` where {condition})"
	)


def _condition(doctype: str, readable: list[Grant]) -> str:
	fields = SCOPED[doctype]
	if any(g.kind == "national" for g in readable):
		return ""
	if fields.regional_reads_all and any(g.kind == "region" for g in readable):
		return ""
	parts = []
	for kind, field in (("entity", fields.entity), ("region", fields.region), ("worker", fields.worker)):
		values = set().union(*(g.values for g in readable if g.kind == kind))
		if field and values:
			column = f"`tab{doctype}`.`{field}`"
			parts.append(f"{column} in ({', '.join(frappe.db.escape(v) for v in sorted(values))})")
	return "(" + " or ".join(parts) + ")" if parts else "1=0"


# Documents


def check_record(doctype: str, name, ptype: str = "read"):
	"""A record the user may not `ptype` is refused in the same words as one that does not exist, so
	that no door taking a record's name works as an existence oracle."""
	named = isinstance(name, str) and name
	if not (named and _may(doctype, ptype, name)):
		frappe.throw(
			_("{0} {1} not found or not permitted").format(_(doctype), escape_html(name))
			if named
			else _("{0} not found or not permitted").format(_(doctype)),
			frappe.PermissionError,
		)


def _may(doctype: str, ptype: str, name: str) -> bool:
	"""Reading is asked as a list asks it, one query with the gate's conditions (`query_conditions`),
	instead of loading the whole record for `has_permission`: every request that names a record asks."""
	if ptype != "read":
		return bool(frappe.db.exists(doctype, name)) and frappe.has_permission(doctype, ptype, name)
	try:
		return bool(frappe.get_list(doctype, filters={"name": name}, pluck="name", limit_page_length=1))
	except frappe.PermissionError:
		frappe.clear_last_message()
		return False


def has_permission(doc, ptype: str = "read", user: str | None = None, debug=False) -> bool:
	"""Frappe's document hook: can only deny. Judged on the stored record and, for a change, on the
	record as it would be saved, so that no incoming value can move a record into the user's scope."""
	user = user or frappe.session.user
	doctype = doc.doctype
	if doctype in AUDIT_TRAIL:
		return ptype in AUDIT_RIGHTS and (
			user == "Administrator" or bool(AUDITOR_ROLES & set(frappe.get_roles(user)))
		)
	if user == "Administrator":
		return True
	if doctype in DIRECTORY:
		return bool(grants(user))
	applicable = grants_for(doctype, ptype, user)
	if not applicable:
		return False
	stored = None if doc.is_new() else stored_placement(doc)
	if stored is None and not doc.is_new():
		return False  # a name that does not exist, or vanished
	if stored is not None and not covers(doctype, applicable, stored):
		return False
	if ptype in CHANGE_RIGHTS or stored is None:
		return covers(doctype, applicable, incoming_placement(doc)) and may_reach_worker(doc, ptype, user)
	return True


def may_reach_worker(doc, ptype: str, user: str) -> bool:
	"""A new employment names a worker the user may read: hiring someone registered elsewhere goes
	through the hire by IIN (api.hire_by_iin), which asks for the IIN, not a record id."""
	fields = SCOPED[doc.doctype]
	if ptype != "create" or fields.via_worker or fields.worker in (None, "name") or doc.flags.hire_by_iin:
		return True
	worker = doc.get(fields.worker)
	return bool(worker) and frappe.has_permission("Health Worker", "read", worker, user=user)


def covers(doctype: str, applicable: list[Grant], placement: dict) -> bool:
	fields = SCOPED[doctype]
	for grant in applicable:
		if grant.kind == "national":
			return True
		if grant.kind == "region" and fields.regional_reads_all:
			return True
		value = placement.get(grant.kind)
		if value and value in grant.values:
			return True
	return False


def stored_placement(doc) -> dict | None:
	fields = SCOPED[doc.doctype]
	columns = {
		k: f
		for k, f in (("entity", fields.entity), ("region", fields.region), ("worker", fields.worker))
		if f
	}
	if not columns:
		return {} if frappe.db.exists(doc.doctype, doc.name) else None
	row = frappe.db.get_value(doc.doctype, doc.name, list(columns.values()), as_dict=True)
	return {k: row.get(f) for k, f in columns.items()} if row else None


def incoming_placement(doc) -> dict:
	"""Where the record would belong after this save, from values the client cannot forge: the
	region of the entity (not the region sent), the worker's own placement for records that follow it."""
	fields = SCOPED[doc.doctype]
	if fields.via_worker:
		worker = doc.get(fields.worker)
		row = worker and frappe.db.get_value(
			"Health Worker", worker, ["current_entity", "current_region"], as_dict=True
		)
		return {"entity": row.current_entity, "region": row.current_region, "worker": worker} if row else {}
	placement = {}
	if fields.entity:
		entity = doc.get(fields.entity)
		placement["entity"] = entity
		placement["region"] = entity and frappe.db.get_value("Healthcare Entity", entity, "region")
	if fields.worker:
		placement["worker"] = doc.get(fields.worker) if fields.worker != "name" else doc.name
	return placement


def has_role_on(doc, roles, user: str | None = None) -> bool:
	"""Whether one of `roles` reaches this record through the user's links (not just any link)."""
	held = [g for g in grants(user) if g.role in roles]
	return bool(held) and covers(doc.doctype, held, stored_placement(doc) or {})


# Files attached to scoped records


def file_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""Files attached to scoped records list only with a record the user may read."""
	user = user or frappe.session.user
	if user == "Administrator":
		return ""
	parts = ["`tabFile`.`attached_to_doctype` is null"]
	parts.append(
		"`tabFile`.`attached_to_doctype` not in ({})".format(", ".join(frappe.db.escape(d) for d in SCOPED))
	)
	for scoped in SCOPED:
		condition = query_conditions(user, scoped)
		if condition == "1=0":
			continue
		subquery = f"select `tab{scoped}`.`name` from `tab{scoped}`"
		if condition:
			subquery += f" where {condition}"
		parts.append(
			f"(`tabFile`.`attached_to_doctype` = {frappe.db.escape(scoped)}"
			f" and `tabFile`.`attached_to_name` in ({subquery}))"
		)
	return "(" + " or ".join(parts) + ")"


def file_has_permission(doc, ptype: str = "read", user: str | None = None, debug=False) -> bool | None:
	"""A file attached to a scoped record follows that record, whoever uploaded it; other files are
	left to Frappe's own rule."""
	user = user or frappe.session.user
	if user == "Administrator" or doc.attached_to_doctype not in SCOPED:
		return None
	if not doc.attached_to_name or not frappe.db.exists(doc.attached_to_doctype, doc.attached_to_name):
		# Uploaded in a form not saved yet (Frappe names it "new-…" and relinks the file on insert):
		# its uploader's alone, and only for a user who may create such records.
		return (
			str(doc.attached_to_name or "").startswith("new-")
			and doc.owner == user
			and bool(grants_for(doc.attached_to_doctype, "create", user))
		)
	record = frappe.get_doc(doc.attached_to_doctype, doc.attached_to_name)
	needed = "write" if ptype in ("write", "create", "delete") else "read"
	return frappe.has_permission(doc.attached_to_doctype, needed, record, user=user)


def own_worker(user: str | None = None) -> str:
	"""The worker whose account this is; nobody else's, whatever the request says (fails closed)."""
	for grant in grants(user):
		if grant.kind == "worker" and grant.values:
			return min(grant.values)
	raise frappe.PermissionError(_("No health worker record is linked to your account"))
