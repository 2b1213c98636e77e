from collections import Counter
from datetime import date

from profregister.domain.employment import Period, find_overlap
from profregister.domain.identifiers import parse_iin, validate_bin
from profregister.domain.synthetic import generate

TODAY = date(2026, 11, 22)
REGIONS = [f"Region {n}" for n in range(20)]
DATA = generate(
	3000, REGIONS, [("Therapy", True), ("Pharmacy", False)], ["Physician", "Nurse"], TODAY, seed=7
)


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
	again = generate(50, REGIONS, [("Therapy", True)], ["Nurse"], TODAY, seed=7)
	assert again.workers == generate(50, REGIONS, [("Therapy", True)], ["Nurse"], TODAY, seed=7).workers
