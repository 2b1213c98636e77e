"""Make what the month-end load needs on a site that already holds workers, and write its fixture.

	cd ~frappe/frappe-bench/sites && ../env/bin/python /work/main/tools/load/prepare.py SITE OUT.json

Idempotent: users, links, the API client and its secret are reused (the first run makes ~100 users, a
minute); every run gives the users the load's password, a fresh pool of IINs to hire and an unstarted
Register Import. Queries are set-based and bounded by LIMIT, and nothing loops over all workers, so a
run takes seconds on a site with 300,000 workers. Nothing saves a User once made: that would clear the
site's whole cache and leave the measured run cold.
"""

import argparse
import csv
import io
import json
import sys
from contextlib import contextmanager
from datetime import date, timedelta

import frappe
from frappe.utils import add_days, getdate, today
from frappe.utils.password import get_decrypted_password, update_password

from profregister.domain.identifiers import make_iin

PASSWORD = "Load-2026-month-end"
DOMAIN = "load.profregister.localhost"
CLIENT = "Load test HIS"
IMPORT_FILE = "load-import.csv"
# The import's headers in Russian, as a region's spreadsheet would have them (any order is accepted).
IMPORT_HEADER = ["ИИН", "Фамилия", "Имя", "Отчество", "Дата рождения", "БИН", "Должность", "Специальность",
	"Ставка", "Дата приёма", "Номер приказа", "Номер сертификата", "Специальность сертификата",
	"Кем выдан сертификат", "Дата выдачи сертификата", "Сертификат действителен до", "Уровень образования",
	"Учебное заведение", "Номер диплома"]  # fmt: skip


def main():
	args = parse_args()
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	try:
		frappe.set_user("Administrator")
		fixture = prepare(args)
		frappe.db.commit()
	finally:
		frappe.destroy()
	with open(args.out, "w", encoding="utf-8") as f:
		json.dump(fixture, f, ensure_ascii=False, indent=1)
	print(json.dumps({k: len(v) if isinstance(v, list | dict) else v for k, v in fixture.items()}))


def parse_args():
	parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
	parser.add_argument("site")
	parser.add_argument("out")
	parser.add_argument("--entities", type=int, default=8, help="entities whose HR works under load")
	parser.add_argument("--hr-per-entity", type=int, default=6)
	parser.add_argument("--portal-per-entity", type=int, default=6, help="worker accounts per entity")
	parser.add_argument("--workers-per-entity", type=int, default=300, help="workers HR may open and save")
	parser.add_argument("--hire-pool", type=int, default=3000, help="IINs to hire by IIN")
	parser.add_argument("--import-rows", type=int, default=5000)
	parser.add_argument("--coordinators", type=int, default=2)
	parser.add_argument("--sample", type=int, default=500, help="certificates and IINs for FHIR and checks")
	return parser.parse_args()


def prepare(args) -> dict:
	entities = load_entities(args.entities)
	if not entities:
		sys.exit(f"{args.site} holds no active workers: load data first (tools/dev/run.py SITE demo)")
	portal = {e: portal_accounts(e, args.portal_per_entity) for e in entities}
	fixture = {
		"site": args.site,
		"register_workers": frappe.db.count("Health Worker"),
		"password": PASSWORD,
		"hr": [{"user": u, "entity": e} for e in entities for u in hr_users(e, args.hr_per_entity)],
		"portal": [{"user": u, "worker": w, "entity": e} for e, pairs in portal.items() for u, w in pairs],
		"coordinators": [
			national_user(f"coordinator.{n}", "National Coordinator") for n in range(args.coordinators)
		],
		"registrar": registrar(),
		"workers": {e: entity_workers(e, args.workers_per_entity) for e in entities},
		"hire_iins": hire_pool(entities, args.hire_pool),
		"hire": hire_values(),
		"fhir_token": api_client(),
		"sample": sample(args.sample),
		"organizations": entities,
	}
	fixture["import"] = register_import(fixture["registrar"], args.import_rows)
	return fixture


# Users and their links


def load_entities(count: int) -> list[str]:
	"""The entities the load's HR users are linked to: those of an earlier run, else the largest."""
	linked = frappe.db.sql(
		"""select distinct parent from `tabHealthcare Entity User`
		where parenttype = 'Healthcare Entity' and user like %s order by parent""",
		(f"load.hr.%@{DOMAIN}",),
		pluck=True,
	)
	if linked:
		return linked
	return frappe.db.sql(
		"""select current_entity from `tabHealth Worker` where status = 'Active'
		group by current_entity order by count(*) desc, current_entity limit %s""",
		(count,),
		pluck=True,
	)


def ensure_user(email: str, first_name: str, role: str) -> str:
	"""The user, made with the role their link or function gives: a User save clears the whole site
	cache (Frappe's ask_pass_update sets a global default), so each user is saved once, when made."""
	if not frappe.db.exists("User", email):
		with many_users():
			frappe.get_doc(
				{"doctype": "User", "email": email, "first_name": first_name, "send_welcome_email": 0,
					"roles": [{"role": role}]}
			).insert(ignore_permissions=True)  # fmt: skip
	elif not frappe.db.exists("Has Role", {"parent": email, "role": role}):
		frappe.get_doc("User", email).add_roles(role)
	# A user an earlier run made, or one disabled since.
	frappe.db.set_value("User", email, "enabled", 1, update_modified=False)
	update_password(email, PASSWORD)
	return email


@contextmanager
def many_users():
	"""Frappe refuses more than 60 new users a minute (throttle_user_limit); this process makes more."""
	limit = frappe.local.conf.get("throttle_user_limit")
	frappe.local.conf.throttle_user_limit = 10_000
	try:
		yield
	finally:
		frappe.local.conf.throttle_user_limit = limit


def hr_users(entity: str, count: int) -> list[str]:
	"""HR specialists listed on the entity's form, as an administrator links them (benchmark._linked_user);
	one save of the entity links them all and recomputes their roles."""
	users = [
		ensure_user(f"load.hr.{entity}.{n}@{DOMAIN}", f"HR {entity} {n}", "HR Specialist")
		for n in range(count)
	]
	doc = frappe.get_doc("Healthcare Entity", entity)
	listed = {row.user for row in doc.users}
	for user in users:
		if user not in listed:
			doc.append("users", {"user": user, "function": "HR Specialist"})
	if len(listed) < len(listed | set(users)):
		doc.save(ignore_permissions=True)
	return users


def national_user(name: str, role: str) -> str:
	return ensure_user(f"load.{name}@{DOMAIN}", name.title(), role)


def registrar() -> str:
	"""The registrar, signed in twice: the load's import session and faults.py's, which resumes the
	import; Frappe ends a user's other sessions at sign-in beyond `simultaneous_sessions` (1 when unset)."""
	user = national_user("registrar", "Register Administrator")
	frappe.db.set_value("User", user, "simultaneous_sessions", 3, update_modified=False)
	return user


def portal_accounts(entity: str, count: int) -> list[tuple[str, str]]:
	"""Website Users linked to active workers of the entity (the worker's *User account*); a save of the
	worker links them, as an administrator does (access/links.py gives the Health Worker role)."""
	held = frappe.db.sql(
		"""select user, name from `tabHealth Worker` where current_entity = %s and user like %s
		and status = 'Active' order by name limit %s""",
		(entity, f"load.worker.%@{DOMAIN}", count),
	)
	free = frappe.db.sql(
		"""select name from `tabHealth Worker` where current_entity = %s and status = 'Active'
		and ifnull(user, '') = '' order by name limit %s""",
		(entity, count - len(held)),
		pluck=True,
	)
	pairs = [(ensure_user(user, f"Worker {worker}", "Health Worker"), worker) for user, worker in held]
	for worker in free:
		user = ensure_user(f"load.worker.{worker.lower()}@{DOMAIN}", f"Worker {worker}", "Health Worker")
		doc = frappe.get_doc("Health Worker", worker)
		doc.user = user
		doc.save(ignore_permissions=True)
		pairs.append((user, worker))
	return pairs


# Records the sessions work on


def entity_workers(entity: str, count: int) -> list[str]:
	"""Active workers HR opens and saves; workers with an account are left to their portal sessions."""
	return frappe.db.sql(
		"""select name from `tabHealth Worker` where current_entity = %s and status = 'Active'
		and ifnull(user, '') = '' order by name limit %s""",
		(entity, count),
		pluck=True,
	)


def hire_pool(entities: list[str], count: int) -> list[str]:
	"""IINs of active workers elsewhere who never worked at a load entity: each hire is a first one."""
	if not entities:
		return []
	marks = ", ".join(["%s"] * len(entities))
	return frappe.db.sql(
		f"""select w.iin from `tabHealth Worker` w where w.status = 'Active'
		and w.current_entity not in ({marks}) and not exists (select 1 from `tabEmployment` e
			where e.health_worker = w.name and e.healthcare_entity in ({marks}))
		order by w.name desc limit %s""",
		(*entities, *entities, count),
		pluck=True,
	)


def hire_values() -> dict:
	"""A secondary job from today: it never overlaps the worker's main one."""
	return {
		"position": frappe.db.get_value("Position", {}, "name", order_by="name"),
		"specialty": frappe.db.get_value("Specialty", {"for_clinical_practice": 1}, "name", order_by="name"),
		"rate": 0.5,
		"is_main": 0,
		"start_date": today(),
	}


def api_client() -> str:
	"""A national FHIR client with personal data (searches by IIN). Its secret is issued once and read
	back later: issuing saves the User, and every User save clears the whole site cache, which would
	leave the next run cold."""
	if not frappe.db.exists("Register API Client", CLIENT):
		with many_users():  # the client's account
			frappe.get_doc(
				{
					"doctype": "Register API Client",
					"client_name": CLIENT,
					"scope": "National",
					"personal_data": 1,
				}
			).insert(ignore_permissions=True)
	client = frappe.get_doc("Register API Client", CLIENT)
	if not client.enabled:
		client.enabled = 1
		client.save(ignore_permissions=True)
	frappe.db.set_value("User", client.user, "enabled", 1, update_modified=False)  # as on_update does
	key = frappe.db.get_value("User", client.user, "api_key")
	secret = key and get_decrypted_password("User", client.user, "api_secret", raise_exception=False)
	return f"{key}:{secret}" if secret else client.generate_secret()


def sample(count: int) -> dict:
	"""What FHIR clients and the public look up: certificate numbers, practitioners and their IINs."""
	numbers = frappe.db.sql(
		"""select certificate_number from `tabSpecialist Certificate` where is_latest = 1
		order by name desc limit %s""",
		(count,),
		pluck=True,
	)
	people = frappe.db.sql(
		"""select name, iin, last_name from `tabHealth Worker` where status = 'Active'
		order by name desc limit %s""",
		(count,),
		as_dict=True,
	)
	return {"certificates": numbers, "people": [[p.name, p.iin, p.last_name] for p in people]}


# The Register Import


def register_import(registrar: str, rows: int) -> dict:
	"""An unstarted import of `rows` new workers, uploaded by the load's registrar: one of that size left
	by an earlier run that never started, or a new one."""
	# Frappe gives a file a new name when one of its name exists: load-import<hash>.csv.
	drafts = frappe.get_all(
		"Register Import",
		{
			"status": "Draft",
			"owner": registrar,
			"import_file": ("like", f"%{IMPORT_FILE.replace('.csv', '%.csv')}"),
		},
		["name", "import_file"],
		order_by="name asc",
	)
	for draft in drafts:
		if file_rows(draft.import_file) == rows:
			return {"name": draft.name, "rows": rows}
	return {"name": new_import(registrar, rows), "rows": rows}


def file_rows(url: str) -> int:
	content = frappe.get_doc("File", {"file_url": url}).get_content()
	if isinstance(content, bytes):  # Frappe decodes text files, not always
		content = content.decode("utf-8-sig")
	return len(content.strip().splitlines()) - 1


def new_import(registrar: str, rows: int) -> str:
	frappe.set_user(registrar)  # the file is the registrar's own upload, as the form makes it
	try:
		file = frappe.get_doc(
			{"doctype": "File", "file_name": IMPORT_FILE, "content": import_csv(rows), "is_private": 1}
		).insert(ignore_permissions=True)
		doc = frappe.get_doc({"doctype": "Register Import", "import_file": file.file_url})
		return doc.insert(ignore_permissions=True).name
	finally:
		frappe.set_user("Administrator")


def import_csv(count: int) -> bytes:
	entities = frappe.get_all("Healthcare Entity", pluck="name", order_by="name", limit=50)
	positions = frappe.get_all("Position", pluck="name", order_by="name")
	specialties = frappe.get_all("Specialty", {"for_clinical_practice": 1}, pluck="name", order_by="name")
	out = io.StringIO()
	writer = csv.writer(out, delimiter=";")
	writer.writerow(IMPORT_HEADER)
	for n, (iin, born) in enumerate(new_iins(count)):
		start = add_days(getdate("2016-01-01"), n % 3000)
		specialty = specialties[n % len(specialties)]
		writer.writerow([iin, "Нагрузкина", letters(n), "Тестовна", born.strftime("%d.%m.%Y"),
			entities[n % len(entities)], positions[n % len(positions)], specialty, "1",
			start.strftime("%d.%m.%Y"), f"{n}-K", f"LOAD-{iin}", specialty, "НЦНПО", "01.02.2024",
			"01.02.2029", "Higher", "Медицинский университет Астана", f"ЖБ-Н{n}"])  # fmt: skip
	return out.getvalue().encode("utf-8-sig")


def new_iins(count: int) -> list[tuple[str, date]]:
	"""IINs no worker holds, checked against the register in batches (not by loading every IIN)."""
	day = date(1962, 1, 1) + timedelta(days=150 * frappe.db.count("Register Import"))
	found = []
	while len(found) < count:
		batch = []
		while len(batch) < 2000:
			batch += [
				(i, day) for s in range(40) if (i := make_iin(day, ("Female", "Male")[s % 2], 9000 + s))
			]
			day += timedelta(days=1)
		taken = set(frappe.get_all("Health Worker", {"iin": ("in", [i for i, _d in batch])}, pluck="iin"))
		found += [(i, d) for i, d in batch if i not in taken]
	return found[:count]


def letters(n: int) -> str:
	"""A first name of letters only (names may hold nothing else), different for each n."""
	name = ""
	while True:
		n, digit = divmod(n, 32)
		name = chr(0x430 + digit) + name
		if not n:
			return "Нагр" + name


if __name__ == "__main__":
	main()
