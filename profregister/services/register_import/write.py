"""Writing a chunk of a Register Import: bulk INSERTs and CASE UPDATEs, then what the forms' saves
would derive (placements, latest certificates, the lifting of a block) and the records' history."""

from collections import Counter

import frappe
from frappe.utils import cint, now_datetime

from profregister.domain import register_import as ri
from profregister.domain.occupations import highest_level
from profregister.services.analytics import summaries
from profregister.services.certificates import lifecycle as certificates
from profregister.services.platform import bulk
from profregister.services.register import documents, field_history, placement
from profregister.services.register.calendar import entry_compliance

DOCTYPES = ("Health Worker", "Employment", "Specialist Certificate", "Health Worker Education")


class Writer:
	"""The writes of one chunk's plans ((values, held, changes) of each row, plan.plan_chunk)."""

	def __init__(self, plans: list, entities: dict, day, updater: dict):
		self.plans, self.entities, self.day = plans, entities, day
		self.now, self.user = now_datetime(), frappe.session.user
		self.base = {"creation": self.now, "modified": self.now, "owner": self.user,
			"modified_by": self.user, "docstatus": 0}  # fmt: skip
		# Each record's history says the import made it, as an importer's save says it.
		self.history = field_history.Versions(updater_reference=updater)

	def write(self):
		if not self.plans:
			return
		self.inserts: dict[str, list] = {}
		self.updates: dict[str, dict] = {}
		self.moved, self.certified, self.renewals = set(), set(), []
		self.reserved = self.names()
		for values, held, changes in self.plans:
			if held:
				self.update_worker(values, held, changes)
			else:
				self.new_worker(values, changes)
		self.entry_compliance(self.inserts.get("Employment", []))
		insert_records(self.inserts)
		for doctype in DOCTYPES:
			documents.update_many(doctype, self.updates.get(doctype, {}))
		# Workers already registered: placement and latest certificates as the forms' saves compute them.
		for worker, diff in placement.refresh_placements(sorted(self.moved), self.day).items():
			self.history.changed("Health Worker", worker, [[f, old, new] for f, (old, new) in diff.items()])
		certificates.mark_all_latest(sorted(self.certified))
		placement.follow_worker(sorted(self.certified - self.moved))
		# A renewal for a blocked record lifts the block as the form's save does (rare: one by one).
		for name in self.renewals:
			certificates.on_certificate_saved(frappe.get_doc("Specialist Certificate", name))
		self.history.write()
		summaries.refresh_after_commit(self.touched())

	def touched(self) -> set:
		"""The entities whose day's figures the chunk changes: where its rows are, and where they were."""
		entities = {values["bin"] for values, _held, _changes in self.plans}
		return entities | {
			held.worker.get("current_entity") for _values, held, _changes in self.plans if held
		}

	def new_worker(self, values: dict, changes: list):
		"""A worker new to the register, with their records: placed from the one employment, the one
		certificate the latest, all known before anything is written."""
		records = {c.doctype: {**c.values} for c in changes}
		worker, full_name = next(self.reserved["Health Worker"]), self.full_name(values, None)
		entity = self.entities[values["bin"]]
		job = records["Employment"]
		job.update(self.base, name=next(self.reserved["Employment"]), health_worker=worker, worker_name=full_name,
			entity_bin=values["bin"], entity_name=entity.entity_name, region=entity.region)  # fmt: skip
		placed = placement.placement_of([frappe._dict(job)], "Active", self.day)
		self.insert("Health Worker", {**records["Health Worker"], "name": worker, "full_name": full_name,
			"current_entity_bin": values["bin"], "current_region": entity.region, **placed,
			"education_level": records.get("Health Worker Education", {}).get("education_level")})  # fmt: skip
		self.insert("Employment", job)
		if "Specialist Certificate" in records:
			self.insert("Specialist Certificate", {**records["Specialist Certificate"], "health_worker": worker,
				"name": next(self.reserved["Specialist Certificate"]), "worker_name": full_name, "is_latest": 1,
				"for_clinical_practice": 1, "healthcare_entity": values["bin"], "region": entity.region})  # fmt: skip
		if "Health Worker Education" in records:
			self.insert(
				"Health Worker Education", self.education_row(records["Health Worker Education"], worker, 1)
			)
		self.history.created("Health Worker", worker)

	def update_worker(self, values: dict, held: ri.Held, changes: list):
		"""Corrections and additions to a registered worker, recorded as one save of each record would
		record them; placement and flags follow after the writes."""
		worker, full_name = held.worker["name"], self.full_name(values, held)
		changed, added, rows_changed = [], [], []
		for change in changes:
			record = {**change.values}
			diff = [[f, change.before.get(f), v] for f, v in record.items()]
			if change.doctype == "Health Worker":
				self.updates.setdefault("Health Worker", {})[worker] = {**record, "full_name": full_name}
				changed += [*diff, ["full_name", held.worker["full_name"], full_name]]
			elif change.doctype == "Health Worker Education" and change.name:
				self.updates.setdefault(change.doctype, {})[change.name] = record
				rows_changed.append(["education", education_index(held, change.name), change.name, diff])
			elif change.doctype == "Health Worker Education":
				idx = 1 + max((e["idx"] for e in held.education), default=0)
				row = self.education_row(record, worker, idx)
				self.insert(change.doctype, row)
				added.append(("education", row))
			elif change.name:
				self.updates.setdefault(change.doctype, {})[change.name] = record
				self.history.changed(change.doctype, change.name, diff)
			else:
				self.new_record(values, worker, full_name, change.doctype, record)
			if change.doctype == "Employment":
				self.moved.add(worker)
			if change.doctype == "Specialist Certificate":
				self.certified.add(worker)
				if held.worker["status"] == "Blocked":
					self.renewals.append(change.name or record["name"])
		level = education_level(held, changes)
		if level != held.worker.get("education_level"):
			# As the form's save derives it, and records it in the same change.
			self.updates.setdefault("Health Worker", {}).setdefault(worker, {})["education_level"] = level
			changed.append(["education_level", held.worker.get("education_level"), level])
		self.history.changed("Health Worker", worker, changed, added=added, row_changed=rows_changed)

	def new_record(self, values: dict, worker: str, full_name: str, doctype: str, record: dict):
		"""A new employment or certificate of a registered worker (named in `record`)."""
		record.update(
			self.base, name=next(self.reserved[doctype]), health_worker=worker, worker_name=full_name
		)
		if doctype == "Employment":
			entity = self.entities[values["bin"]]
			record.update(entity_bin=values["bin"], entity_name=entity.entity_name, region=entity.region)
		else:
			record.update(for_clinical_practice=1)
		self.insert(doctype, record)
		self.history.created(doctype, record["name"])

	def insert(self, doctype: str, record: dict):
		self.inserts.setdefault(doctype, []).append({**self.base, **record})

	def education_row(self, values: dict, worker: str, idx: int) -> dict:
		return {**values, "name": frappe.generate_hash(length=10), "parent": worker, "parenttype": "Health Worker",
			"parentfield": "education", "idx": idx}  # fmt: skip

	def names(self) -> dict:
		"""Names of the new records, reserved from each doctype's series in one statement each."""
		wanted = Counter()
		for _values, _held, changes in self.plans:
			wanted.update(
				c.doctype for c in changes if c.name is None and c.doctype != "Health Worker Education"
			)
		return {doctype: iter(series_names(doctype, count)) for doctype, count in wanted.items()}

	@staticmethod
	def full_name(values: dict, held: ri.Held | None) -> str:
		stored = held.worker if held else {}
		parts = [values.get(f) or stored.get(f) for f in ("last_name", "first_name", "patronymic")]
		return " ".join(filter(None, parts))

	def entry_compliance(self, employments: list[dict]):
		for row, (days, late) in zip(
			employments, entry_compliance([row["start_date"] for row in employments], self.day), strict=True
		):
			row.update(entry_working_days=days, late_entry=late)


def insert_records(inserts: dict[str, list[dict]]):
	"""New register records, complete as they are to be stored (named, placed, flags derived), written
	with multi-row INSERTs: the import's chunks and the demo loader's synthetic register both go here."""
	for doctype in DOCTYPES:
		bulk.insert_rows(doctype, inserts.get(doctype, []))


def education_index(held: ri.Held, name: str) -> int:
	"""The row's place in the worker's education table (from 0), as a save's history gives it."""
	idx = next(e["idx"] for e in held.education if e["name"] == name)
	return sum(e["idx"] < idx for e in held.education)


def series_names(doctype: str, count: int) -> list[str]:
	"""`count` names of the doctype's naming series (PREFIX-.#####), taken in one UPDATE."""
	prefix, _dot, hashes = frappe.get_meta(doctype).autoname.partition(".")
	frappe.db.sql(
		"insert into `tabSeries` (name, current) values (%s, 0) on duplicate key update name = name", prefix
	)
	frappe.db.sql("update `tabSeries` set current = current + %s where name = %s", (count, prefix))
	last = cint(frappe.db.sql("select current from `tabSeries` where name = %s", prefix)[0][0])
	return [f"{prefix}{n:0{len(hashes)}d}" for n in range(last - count + 1, last + 1)]


def education_level(held: ri.Held, changes: list) -> str | None:
	"""The worker's highest education level once the chunk's education rows are written."""
	levels = {row["name"]: row.get("education_level") for row in held.education}
	for n, change in enumerate(changes):
		if change.doctype == "Health Worker Education":
			key = change.name or f"new-{n}"
			levels[key] = change.values.get("education_level", levels.get(change.name))
	return highest_level(levels.values())
