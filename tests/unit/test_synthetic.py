import json
import re
from collections import Counter
from datetime import date
from pathlib import Path

from profregister_dev.synthetic import CATEGORY_YEARS, KAZAKH, RUSSIAN, add_years, generate

from profregister.domain.employment import Period, find_overlap
from profregister.domain.identifiers import parse_iin, validate_bin
from profregister.domain.text import name_problem

TODAY = date(2026, 11, 22)
REGIONS = [f"Region {n}" for n in range(20)]
DATA = generate(
	3000,
	REGIONS,
	[("Therapy", True), ("Pharmacy", False), ("Nursing", True)],
	["Physician", "Nurse"],
	TODAY,
	seed=7,
)
DOCTYPES = Path(__file__).resolve().parents[2] / "profregister" / "professional_register" / "doctype"
CYRILLIC = re.compile(r"[\u0400-\u04FF]+(-[\u0400-\u04FF]+)*")
KAZAKH_LETTERS = set("ӘәҒғҚқҢңӨөҰұҮүҺһІі")


def _fields(doctype: str) -> dict[str, dict]:
	folder = doctype.lower().replace(" ", "_")
	meta = json.loads((DOCTYPES / folder / f"{folder}.json").read_text(encoding="utf-8"))
	return {f["fieldname"]: f for f in meta["fields"]}


def _options(doctype: str, fieldname: str) -> set[str]:
	return set(_fields(doctype)[fieldname]["options"].split("\n"))


def _first_jobs() -> dict[str, date]:
	first: dict[str, date] = {}
	for job in DATA.employments:
		first[job["health_worker"]] = min(first.get(job["health_worker"], date.max), job["start_date"])
	return first


def test_identifiers_valid_and_unique():
	assert len({w["iin"] for w in DATA.workers}) == len(DATA.workers)
	for worker in DATA.workers:
		info = parse_iin(worker["iin"])
		assert (info.date_of_birth, info.sex) == (worker["date_of_birth"], worker["sex"])
	assert len({validate_bin(e["bin"]) for e in DATA.entities}) == len(DATA.entities)


def test_every_region_has_entities():
	assert {e["region"] for e in DATA.entities} == set(REGIONS)


def test_histories_are_consistent():
	jobs: dict[str, list] = {}
	for job in DATA.employments:
		assert job["end_date"] is None or job["end_date"] >= job["start_date"]
		assert job["start_date"] <= TODAY
		period = Period(job["start_date"], job["end_date"])
		assert find_overlap(period, jobs.get(job["health_worker"], [])) is None
		jobs.setdefault(job["health_worker"], []).append(period)
	reasons = Counter(job["end_reason"] for job in DATA.employments if job["end_date"])
	assert reasons["Transfer"] and reasons["Dismissal"]


def test_certificates_include_expired_and_expiring():
	latest = {}
	for cert in DATA.certificates:
		assert cert["valid_until"] >= cert["issue_date"]
		latest[cert["health_worker"]] = max(latest.get(cert["health_worker"], date.min), cert["valid_until"])
	assert any(d < TODAY for d in latest.values())
	assert any(TODAY <= d <= date(2027, 1, 22) for d in latest.values())


def test_deterministic():
	specialties = [("Therapy", True), ("Nursing", True)]
	again = generate(50, REGIONS, specialties, ["Nurse"], TODAY, seed=7)
	once = generate(50, REGIONS, specialties, ["Nurse"], TODAY, seed=7)
	assert again == once
	assert again.workers != generate(50, REGIONS, specialties, ["Nurse"], TODAY, seed=8).workers


def test_name_lists_are_cyrillic():
	for names in (KAZAKH, RUSSIAN):
		for sex in ("Male", "Female"):
			surnames, given, patronymics = names[sex]
			assert surnames and given and patronymics
			for name in (*surnames, *given, *(p for p in patronymics if p)):
				assert CYRILLIC.fullmatch(name), name
	assert "" in KAZAKH["Male"][2] and "" in KAZAKH["Female"][2]


def test_worker_names_cyrillic_and_valid():
	kazakh_letters = 0
	for worker in DATA.workers:
		for field in ("last_name", "first_name"):
			assert CYRILLIC.fullmatch(worker[field]), worker[field]
		assert worker["patronymic"] == "" or CYRILLIC.fullmatch(worker["patronymic"])
		assert name_problem(worker["full_name"]) is None
		assert worker["full_name"] == " ".join(
			filter(None, (worker["last_name"], worker["first_name"], worker["patronymic"]))
		)
		kazakh_letters += bool(KAZAKH_LETTERS & set(worker["full_name"]))
	assert kazakh_letters > len(DATA.workers) / 3


def test_identity_documents():
	types = Counter(w["id_document_type"] for w in DATA.workers)
	assert set(types) <= _options("Health Worker", "id_document_type") - {""}
	assert types["Identity card"] > types["Passport"] > 0
	assert len({w["id_document_number"] for w in DATA.workers}) == len(DATA.workers)
	for worker in DATA.workers:
		assert re.fullmatch(r"\d{9}", worker["id_document_number"])
		assert worker["id_document_issuer"] == "Ministry of Internal Affairs of the Republic of Kazakhstan"
		issued, expires = worker["id_document_issue_date"], worker["id_document_expiry_date"]
		assert add_years(worker["date_of_birth"], 16) < issued < TODAY
		assert expires == add_years(issued, 10) and expires > issued
		assert expires > TODAY  # the document in force


def test_add_years_keeps_the_day_or_the_end_of_february():
	assert add_years(date(2019, 5, 20), 10) == date(2029, 5, 20)
	assert add_years(date(2016, 2, 29), 10) == date(2026, 2, 28)
	assert add_years(date(2016, 2, 29), -16) == date(2000, 2, 29)


def test_qualification_categories_and_levels():
	categories = Counter(w["qualification_category"] for w in DATA.workers)
	assert set(categories) <= _options("Health Worker", "qualification_category")
	assert set(categories) == {"", "Second", "First", "Highest"}
	assert categories[""] < len(DATA.workers) / 2  # most hold one
	levels = {w["qualification_framework_level"] for w in DATA.workers}
	assert levels <= _options("Health Worker", "qualification_framework_level") - {""}
	assert {"6", "7"} <= levels
	first_jobs = _first_jobs()
	required = dict(CATEGORY_YEARS)
	for worker in DATA.workers:
		category = worker["qualification_category"]
		if not category:
			assert "qualification_date" not in worker
			continue
		awarded = worker["qualification_date"]
		assert add_years(first_jobs[worker["name"]], required[category]) <= awarded < TODAY
		assert worker["qualification_valid_until"] == add_years(awarded, 5)
		assert worker["qualification_specialty"] == worker["specialty"]


def test_one_diploma_per_worker_before_the_first_job():
	assert [e["health_worker"] for e in DATA.education] == [w["name"] for w in DATA.workers]
	fields = _fields("Health Worker Education")
	levels = _options("Health Worker Education", "education_level")
	required = {name for name, f in fields.items() if f.get("reqd")}
	born = {w["name"]: w["date_of_birth"] for w in DATA.workers}
	specialty = {w["name"]: w["specialty"] for w in DATA.workers}
	first_jobs = _first_jobs()
	for row in DATA.education:
		worker = row["health_worker"]
		assert set(row) - {"health_worker"} <= set(fields)
		assert all(row[name] for name in required)
		assert row["education_level"] in levels
		graduated = row["document_date"]
		assert add_years(born[worker], 18) < graduated < TODAY
		if worker in first_jobs:
			assert graduated < first_jobs[worker]
		college = specialty[worker] == "Nursing"
		assert (row["education_level"] == "Technical and vocational") == college
		assert ("College" in row["institution"]) == college
	assert {"Higher", "Technical and vocational"} == {row["education_level"] for row in DATA.education}
	assert len({row["institution"] for row in DATA.education}) > 8


def test_worker_keys_are_health_worker_fields():
	# The loader writes worker dicts as columns and drops only "specialty".
	fields = set(_fields("Health Worker")) | {"name"}
	for worker in DATA.workers:
		assert set(worker) - {"specialty"} <= fields, set(worker) - fields


def test_young_workers_graduated_in_the_past():
	young = generate(200, REGIONS, [("Surgery", True)], ["Surgeon"], date(2027, 2, 1), seed=3)
	for worker, row in zip(young.workers, young.education, strict=True):
		assert row["document_date"] < date(2027, 2, 1)
		assert worker["id_document_issue_date"] < date(2027, 2, 1)
