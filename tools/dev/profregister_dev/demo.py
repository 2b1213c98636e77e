"""Demo and benchmark data: bulk inserts of synthetic records (no per-row saves), plus demo users."""

import time
from datetime import date, datetime, timedelta
from datetime import time as dtime

import frappe
from frappe.utils import add_days, getdate, today

from profregister.domain.employment import Period, current_main
from profregister.services.analytics import summaries
from profregister.services.certificates import lifecycle as certificates
from profregister.services.platform import bulk
from profregister.services.platform.parameters import get_parameter
from profregister.services.register.calendar import working_calendar
from profregister.services.register_import import write as register_import_writer

from .demo_evidence import load_cpd_evidence
from .staffing_demo import load_staffing_tables
from .synthetic import Dataset, generate

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
# The benchmark's load figure on a site loaded earlier: a sample of workers loaded afresh, numbered far
# above any load's records (HW- has 7 digits), from another seed, and rolled back.
SAMPLE_WORKERS, SAMPLE_FIRST, SAMPLE_SEED = 5_000, 9_000_001, 2
REGISTER_DOCTYPES = ("Specialist Certificate", "Employment", "Health Worker", "Healthcare Entity")
DEPENDENT_DOCTYPES = (
	"CPD Confirmation Result",
	"CPD Confirmation Employment",
	"CPD Confirmation",
	"CPD Evidence",
	"Staffing Table",
)


def make_demo(workers: int, seed: int = 1, force: bool = False) -> dict:
	"""Fill the site with `workers` synthetic workers; keep what is there if it already holds them."""
	held = frappe.db.count("Health Worker")
	made = frappe.db.get_default("profregister_demo_workers")
	# The benchmark's load and fault runs import a few thousand workers more: the site is still the one made.
	if not force and made and int(made) == workers <= held:
		return {"workers": workers, "reused": True}
	if held and not made:
		frappe.throw("This site holds register data that the demo did not make; refusing to replace it.")
	_wipe()
	# Loading is timed; removing an earlier load is not (a new site has none to remove).
	started = time.monotonic()
	data = _generate(workers, seed)
	_insert(data)
	load_staffing_tables(date(getdate(today()).year, 1, 1))
	load_cpd_evidence()
	frappe.db.set_default("profregister_demo_workers", str(workers))
	make_demo_users(data.entities)
	certificates_in_notice(next(e["bin"] for e in data.entities if e["region"] == "Astana"))
	frappe.db.commit()
	seconds = round(time.monotonic() - started, 2)
	# Blocks and notices, and the day's summary tables, as the daily jobs would have made them.
	certificates.process(getdate(today()))
	summaries.rebuild()
	frappe.db.commit()
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


def sample_load(workers: int = SAMPLE_WORKERS) -> tuple[int, float]:
	"""(workers, seconds) of generating and writing about `workers` more synthetic workers with their
	employments, certificates and education (placed, flags derived, latest certificates marked) into
	the site as it is: the register part of a load, measured afresh on a loaded site and rolled back."""
	frappe.db.commit()
	try:
		started = time.monotonic()
		data = _generate(workers, SAMPLE_SEED, SAMPLE_FIRST)
		# Another seed's IINs may be held already (the column is unique): those workers are left out.
		iins = [w["iin"] for w in data.workers]
		held = set(frappe.get_all("Health Worker", {"iin": ("in", iins)}, pluck="iin"))
		data = _without(data, {w["name"] for w in data.workers if w["iin"] in held})
		_insert(data, SAMPLE_FIRST)
		return len(data.workers), round(time.monotonic() - started, 2)
	finally:
		frappe.db.rollback()


def _without(data: Dataset, workers: set[str]) -> Dataset:
	def kept(rows):
		return [r for r in rows if r.get("health_worker", r.get("name")) not in workers]

	return Dataset(data.entities, kept(data.workers), kept(data.employments), kept(data.certificates),
		kept(data.education))  # fmt: skip


def _generate(workers: int, seed: int, first: int = 1):
	regions = frappe.get_all(
		"Region", filters={"region_type": ("in", ("Region", "City of republican significance"))}, pluck="name"
	)
	specialties = [
		(s.name, bool(s.for_clinical_practice))
		for s in frappe.get_all("Specialty", fields=["name", "for_clinical_practice"])
	]
	positions = frappe.get_all("Position", pluck="name")
	return generate(
		workers, sorted(regions), sorted(specialties), sorted(positions), getdate(today()), seed, first
	)


def _insert(data, first: int = 1):
	"""The synthetic register, complete (placed, flags and derived fields set), through the Register
	Import's writer: multi-row INSERTs of escaped literals, no per-row save. Records are numbered from
	`first`; a sample's entities that the site already holds are kept."""
	now = datetime.now()
	base = {"owner": "Administrator", "modified_by": "Administrator", "docstatus": 0, "idx": 0}
	held = set(
		frappe.get_all("Healthcare Entity", {"name": ("in", [e["bin"] for e in data.entities])}, pluck="name")
	)
	entities = [
		{**base, "name": e["bin"], "creation": now, "modified": now, **e}
		for e in data.entities
		if e["bin"] not in held
	]
	_checked("Healthcare Entity", entities)

	employments = _employments(data, base, first)
	workers = _workers(data, employments, {**base, "creation": now, "modified": now})
	stamped = {**base, "creation": now, "modified": now}
	records = {
		"Health Worker": workers,
		"Employment": employments,
		"Health Worker Education": _education(data, stamped, first),
		"Specialist Certificate": _certificates(data, workers, stamped, first),
	}
	for doctype, rows in records.items():
		_checked(doctype, rows)
	bulk.insert_rows("Healthcare Entity", entities)
	register_import_writer.insert_records(records)
	# A whole load marks the whole register (one read); a sample only its own workers.
	certificates.mark_all_latest(None if first == 1 else [w["name"] for w in workers])

	for prefix, doctype in (
		("HW-", "Health Worker"),
		("EMP-", "Employment"),
		("CERT-", "Specialist Certificate"),
	):
		count = len(records[doctype])
		frappe.db.sql(
			"insert into tabSeries (name, current) values (%s, %s) on duplicate key update current = %s",
			(prefix, count, count),
		)


def _employments(data, base: dict, first: int) -> list[dict]:
	"""Employment rows, each entered some days after it began (its entry-deadline compliance derived)."""
	current = getdate(today())
	calendar = working_calendar(1980, current.year)
	deadline = get_parameter("entry_deadline_working_days", current)
	entity_name = {e["bin"]: e["entity_name"] for e in data.entities}
	names = {w["name"]: w["full_name"] for w in data.workers}
	employments = []
	for n, job in enumerate(data.employments, first):
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
			worker_name=names[job["health_worker"]],
			entry_working_days=calendar.working_days_after(start, entered),
		)
		job["late_entry"] = int(job["entry_working_days"] > deadline)
		employments.append(job)
	return employments


def _workers(data, employments: list[dict], base: dict) -> list[dict]:
	"""Worker rows placed as the forms' saves place them: at the current main employment, if any."""
	current = getdate(today())
	entity_region = {e["bin"]: e["region"] for e in data.entities}
	levels = {row["health_worker"]: row["education_level"] for row in data.education}  # one row each
	jobs_by_worker: dict[str, dict[str, dict]] = {}
	for job in employments:
		jobs_by_worker.setdefault(job["health_worker"], {})[job["name"]] = job
	workers = []
	for worker in data.workers:
		worker = dict(worker)
		specialty = worker.pop("specialty")
		jobs = jobs_by_worker.get(worker["name"], {})
		main, held = current_main(
			[Period(j["start_date"], j["end_date"], ref) for ref, j in jobs.items()], current
		)
		if main:
			job = jobs[main.ref]
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
			current_region=entity_region[worker["current_entity"]],
			current_entity_bin=worker["current_entity"],
			education_level=levels.get(worker["name"]),
		)
		workers.append(worker)
	return workers


def _education(data, base: dict, first: int) -> list[dict]:
	"""Child rows of the workers' "education" table, named like the other demo rows."""
	education = []
	row_numbers: dict[str, int] = {}
	for n, row in enumerate(data.education, first):
		row = dict(row)
		parent = row.pop("health_worker")
		row_numbers[parent] = row_numbers.get(parent, 0) + 1
		row.update(
			base,
			name=f"HWE-{n:08d}",
			parent=parent,
			parenttype="Health Worker",
			parentfield="education",
			idx=row_numbers[parent],
		)
		education.append(row)
	return education


def _certificates(data, workers: list[dict], base: dict, first: int) -> list[dict]:
	"""Certificate rows where their worker is placed; which one is the latest is marked after."""
	placement = {w["name"]: (w["current_entity"], w["current_region"], w["full_name"]) for w in workers}
	rows = []
	for n, cert in enumerate(data.certificates, first):
		entity, region, full_name = placement[cert["health_worker"]]
		rows.append(
			{
				**base,
				**cert,
				"name": f"CERT-{n:08d}",
				"worker_name": full_name,
				"for_clinical_practice": 1,
				"healthcare_entity": entity,
				"region": region,
			}
		)
	return rows


def _checked(doctype: str, rows: list[dict]):
	# Rows are written as columns: a key without a column is a generator change the loader missed.
	fields = {f for row in rows for f in row}
	missing = fields - set(frappe.db.get_table_columns(doctype))
	if missing:
		frappe.throw(f"{doctype} has no column for {', '.join(sorted(missing))}")


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
				# Made with its roles: an account saved first without them would be the site's first System
				# User, and Frappe would make it a System Manager (access/links.py refuse_implied_admin).
				"roles": [{"role": role} for role in roles],
			}
		).insert(ignore_permissions=True)
	elif roles:
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
