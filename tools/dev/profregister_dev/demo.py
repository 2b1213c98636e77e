"""Demo and benchmark data: bulk inserts of synthetic records (no per-row saves), plus demo users."""

import time
from datetime import date, datetime, timedelta
from datetime import time as dtime

import frappe
from frappe.utils import add_days, getdate, today

from profregister.domain.employment import Period, current_main
from profregister.services.certificates import lifecycle as certificates
from profregister.services.platform.parameters import get_parameter
from profregister.services.register.calendar import working_calendar

from .demo_evidence import load_cpd_evidence
from .staffing_demo import load_staffing_tables
from .synthetic import generate

DEMO_PASSWORD = "Demo-2026"
DEMO_USERS = (
	# email, first and last name, language, roles, where the user is linked
	("registrar@demo.profregister.kz", ("Айдос", "Жақыпов"), "en", ("Register Administrator",), None),
	("coordinator@demo.profregister.kz", ("Светлана", "Ким"), "ru", ("National Coordinator",), None),
	("astana.health@demo.profregister.kz", ("Марат", "Есенов"), "ru", (), ("Region", "Astana")),
	("hr@demo.profregister.kz", ("Айгүл", "Сейітова"), "ru", (), ("Healthcare Entity", "HR Specialist")),
	("hr.chief@demo.profregister.kz", ("Гүлнара", "Ахметова"), "kk", (), ("Healthcare Entity", "HR Chief")),
	(
		"head@demo.profregister.kz",
		("Нұрлан", "Серікбаев"),
		"ru",
		(),
		("Healthcare Entity", "Head of Healthcare Entity"),
	),
)
# A demo-sized register gets an HR specialist on every entity, so that every entity's HR sees its
# notices; a benchmark-sized one (thousands of entities) keeps to the users above.
HR_ON_EVERY_ENTITY_UP_TO = 60
REGISTER_DOCTYPES = ("Specialist Certificate", "Employment", "Health Worker", "Healthcare Entity")
DEPENDENT_DOCTYPES = (
	"CPD Confirmation Result",
	"CPD Confirmation Employment",
	"CPD Confirmation",
	"CPD Evidence",
	"Staffing Table",
)
CHUNK = 10_000


def make_demo(workers: int, seed: int = 1, force: bool = False) -> dict:
	"""Fill the site with `workers` synthetic workers; keep what is there if it already holds them."""
	held = frappe.db.count("Health Worker")
	made = frappe.db.get_default("profregister_demo_workers")
	# The benchmark's load and fault runs import a few thousand workers more: the site is still the one made.
	if not force and made and int(made) == workers <= held:
		return {"workers": workers, "reused": True}
	if held and not made:
		frappe.throw("This site holds register data that the demo did not make; refusing to replace it.")
	started = time.monotonic()
	_wipe()
	data = _generate(workers, seed)
	_insert(data)
	load_staffing_tables(date(getdate(today()).year, 1, 1))
	load_cpd_evidence()
	frappe.db.set_default("profregister_demo_workers", str(workers))
	make_demo_users(data.entities)
	certificates_in_notice(next(e["bin"] for e in data.entities if e["region"] == "Astana"))
	frappe.db.commit()
	seconds = round(time.monotonic() - started, 2)
	# Blocks and notices as the daily job would have made them (it commits per batch).
	certificates.process(getdate(today()))
	return {"workers": workers, "reused": False, "seconds": seconds}


def _wipe():
	# Records that point at the register go first.
	for doctype in DEPENDENT_DOCTYPES:
		frappe.db.delete(doctype)
	for doctype in REGISTER_DOCTYPES:
		frappe.db.delete(doctype)
	for child in (
		"Health Worker Education",
		"Health Worker Publication",
		"Health Worker Training",
		"Health Worker Document",
		"Healthcare Entity User",
	):
		frappe.db.delete(child)
	frappe.db.delete("User Permission", {"allow": ("in", ("Healthcare Entity", "Health Worker"))})
	frappe.db.delete("Version", {"ref_doctype": ("in", REGISTER_DOCTYPES)})
	frappe.db.delete("Notification Log", {"document_type": ("in", REGISTER_DOCTYPES)})


def _generate(workers: int, seed: int):
	regions = frappe.get_all(
		"Region", filters={"region_type": ("in", ("Region", "City of republican significance"))}, pluck="name"
	)
	specialties = [
		(s.name, bool(s.for_clinical_practice))
		for s in frappe.get_all("Specialty", fields=["name", "for_clinical_practice"])
	]
	positions = frappe.get_all("Position", pluck="name")
	return generate(workers, sorted(regions), sorted(specialties), sorted(positions), getdate(today()), seed)


def _insert(data):
	now = datetime.now()
	current = getdate(today())
	calendar = working_calendar(1980, current.year)
	deadline = get_parameter("entry_deadline_working_days", current)
	base = {"owner": "Administrator", "modified_by": "Administrator", "docstatus": 0, "idx": 0}

	_bulk(
		"Healthcare Entity",
		[{**base, "name": e["bin"], "creation": now, "modified": now, **e} for e in data.entities],
	)

	entity_region = {e["bin"]: e["region"] for e in data.entities}
	entity_name = {e["bin"]: e["entity_name"] for e in data.entities}
	jobs_by_worker: dict[str, list[tuple[str, dict]]] = {}
	employments = []
	for n, job in enumerate(data.employments, 1):
		job = dict(job)
		start = job["start_date"]
		entered = min(start + timedelta(days=job.pop("entry_delay_days")), current)
		created = datetime.combine(entered, dtime(10, 0))
		job.update(
			base,
			name=f"EMP-{n:08d}",
			creation=created,
			modified=created,
			is_main=1,
			entity_bin=job["healthcare_entity"],
			entity_name=entity_name[job["healthcare_entity"]],
			worker_name=None,
			entry_working_days=calendar.working_days_after(start, entered),
		)
		job["late_entry"] = int(job["entry_working_days"] > deadline)
		employments.append(job)
		jobs_by_worker.setdefault(job["health_worker"], []).append((job["name"], job))

	names = {w["name"]: w["full_name"] for w in data.workers}
	workers = []
	for worker in data.workers:
		worker = dict(worker)
		specialty = worker.pop("specialty")
		jobs = dict(jobs_by_worker.get(worker["name"], []))
		main, held = current_main(
			[Period(j["start_date"], j["end_date"], ref) for ref, j in jobs.items()], current
		)
		if main:
			job = jobs[main.ref]
			job["worker_name"] = worker["full_name"]
			worker.update(
				current_entity=job["healthcare_entity"],
				current_position=job["position"],
				current_specialty=specialty,
				current_employment=main.ref,
				employed_since=job["start_date"],
				status="Active" if held else "Dismissed",
			)
		else:
			worker["current_entity"] = data.entities[int(worker["iin"]) % len(data.entities)]["bin"]
		worker.update(
			base,
			creation=now,
			modified=now,
			current_region=entity_region[worker["current_entity"]],
			current_entity_bin=worker["current_entity"],
		)
		workers.append(worker)
	for job in employments:
		job["worker_name"] = names[job["health_worker"]]
	_bulk("Health Worker", workers)
	_bulk("Employment", employments)

	# Child rows of the workers' "education" table, named like the other demo rows.
	education = []
	row_numbers: dict[str, int] = {}
	for n, row in enumerate(data.education, 1):
		row = dict(row)
		parent = row.pop("health_worker")
		row_numbers[parent] = row_numbers.get(parent, 0) + 1
		row.update(
			base,
			name=f"HWE-{n:08d}",
			creation=now,
			modified=now,
			parent=parent,
			parenttype="Health Worker",
			parentfield="education",
			idx=row_numbers[parent],
		)
		education.append(row)
	_bulk("Health Worker Education", education)

	placement = {w["name"]: (w["current_entity"], w["current_region"]) for w in workers}
	cert_rows = []
	for n, cert in enumerate(data.certificates, 1):
		entity, region = placement[cert["health_worker"]]
		cert_rows.append(
			{
				**base,
				**cert,
				"name": f"CERT-{n:08d}",
				"creation": now,
				"modified": now,
				"worker_name": names[cert["health_worker"]],
				"for_clinical_practice": 1,
				"healthcare_entity": entity,
				"region": region,
			}
		)
	_bulk("Specialist Certificate", cert_rows)
	certificates.mark_all_latest()

	for prefix, count in (("HW-", len(workers)), ("EMP-", len(employments)), ("CERT-", len(cert_rows))):
		frappe.db.sql(
			"insert into tabSeries (name, current) values (%s, %s) on duplicate key update current = %s",
			(prefix, count, count),
		)


def _bulk(doctype: str, rows: list[dict]):
	if not rows:
		return
	fields = list(dict.fromkeys(f for row in rows for f in row))
	# Rows are written as columns: a key without a column is a generator change the loader missed.
	missing = set(fields) - set(frappe.db.get_table_columns(doctype))
	if missing:
		frappe.throw(f"{doctype} has no column for {', '.join(sorted(missing))}")
	for start in range(0, len(rows), CHUNK):
		frappe.db.bulk_insert(
			doctype,
			fields,
			[[row.get(f) for f in fields] for row in rows[start : start + CHUNK]],
			chunk_size=CHUNK,
		)


def make_demo_users(entities: list[dict]):
	"""Users for each role, linked through the entity and region forms as an administrator would."""
	entity = frappe.get_doc("Healthcare Entity", next(e["bin"] for e in entities if e["region"] == "Astana"))
	region = frappe.get_doc("Region", "Astana")
	for email, (first_name, last_name), language, roles, link in DEMO_USERS:
		_demo_user(email, first_name, last_name, language, roles)
		if link and link[0] == "Region" and email not in {r.user for r in region.users}:
			region.append("users", {"user": email})
		if link and link[0] == "Healthcare Entity":
			entity.append("users", {"user": email, "function": link[1]})
	entity.head_of_entity = "Серікбаев Нұрлан Асқарұлы"
	entity.head_of_hr = "Ахметова Гүлнара Сериковна"
	entity.save(ignore_permissions=True)
	region.save(ignore_permissions=True)
	if len(entities) > HR_ON_EVERY_ENTITY_UP_TO:
		return
	for n, row in enumerate(entities, 1):
		if row["bin"] == entity.name:
			continue
		email = f"hr.{n}@demo.profregister.kz"
		_demo_user(email, "HR", row["entity_name"][:40], "ru", ())
		other = frappe.get_doc("Healthcare Entity", row["bin"])
		other.append("users", {"user": email, "function": "HR Specialist"})
		other.save(ignore_permissions=True)


def _demo_user(email: str, first_name: str, last_name: str, language: str, roles):
	if not frappe.db.exists("User", email):
		frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": first_name,
				"last_name": last_name,
				"language": language,
				"send_welcome_email": 0,
				"new_password": DEMO_PASSWORD,
			}
		).insert(ignore_permissions=True)
	if roles:
		frappe.get_doc("User", email).add_roles(*roles)


def certificates_in_notice(entity: str, count: int = 3):
	"""A few of the demo entity's workers whose certificate enters the notice period within weeks, so
	that its HR sees the notices the daily job sends."""
	cert, worker = frappe.qb.DocType("Specialist Certificate"), frappe.qb.DocType("Health Worker")
	names = (
		frappe.qb.from_(cert)
		.join(worker)
		.on(worker.name == cert.health_worker)
		.select(cert.name)
		.where(worker.current_entity == entity)
		.where(worker.status == "Active")
		.where(cert.is_latest == 1)
		.where(cert.for_clinical_practice == 1)
		.orderby(cert.name)
		.limit(count)
	).run(pluck=True)
	for days, name in enumerate(names):
		frappe.db.set_value(
			"Specialist Certificate", name, "valid_until", add_days(getdate(today()), 20 + 10 * days)
		)


def login_summary() -> str:
	return f"demo users (password {DEMO_PASSWORD}): " + ", ".join(u[0] for u in DEMO_USERS)
