"""Synthetic verified CPD evidence for the demo and benchmark sites, valued by the CPD engine.

Portfolios are uneven (many workers with none or a few rows, some with many) and lean on courses and
seminars, as real ones do. Bulk inserts; CU come from profregister.domain.credit_units.
"""

import random
from datetime import timedelta

import frappe
from frappe.utils import getdate, now_datetime, today

from profregister.domain import credit_units
from profregister.domain.errors import DomainError
from profregister.services.cpd import credit_units as cpd
from profregister.services.platform import bulk

CHUNK = 10_000
# How often each criterion turns up: courses and seminars dominate, publications are rare.
WEIGHTS = {
	"01": 30, "02": 3, "03": 20, "04": 18, "05": 2, "06": 10, "07": 0.3, "08": 0.2, "09": 2, "10": 2,
	"11": 0.8, "12": 0.2, "13": 0.3, "14": 2, "15": 3, "16": 0.5, "17": 3, "18": 0.5, "19": 1, "20": 0.7,
	"21": 0.5,
}  # fmt: skip
QUANTITY = {
	"hour": (4, 144), "credit": (1, 4), "week": (1, 4), "day": (1, 3), "test questions": (1, 4),
	"clinical scenarios": (1, 3),
}  # fmt: skip


# Titles and organisers an HR specialist would recognise (by criterion, roughly).
ACTIVITIES = (
	(("Актуальные вопросы инфекционного контроля", "Медицинский университет Астана"),
		("Неотложная помощь при острых коронарных синдромах", "Казахский национальный медицинский университет им. С. Д. Асфендиярова")),
	(("Базовая сердечно-лёгочная реанимация (BLS)", "Национальный научный медицинский центр"),
		("Клинические протоколы диагностики и лечения", "Республиканский центр развития здравоохранения")),
	(("Педиатриядағы өзекті мәселелер", "Қарағанды медицина университеті"),
		("Мейіргер ісіндегі дәлелді медицина", "Астана жоғары медициналық колледжі")),
	(("Конгресс кардиологов Казахстана", "Ассоциация кардиологов Казахстана"),
		("Научно-практическая конференция «Здоровье матери и ребёнка»", "Научный центр акушерства, гинекологии и перинатологии")),
	(("Статья о ведении пациентов с сахарным диабетом 2 типа", "Журнал «Медицина (Алматы)»"),
		("Наставничество молодых специалистов", "Городская поликлиника")),
)  # fmt: skip


def load_cpd_evidence(per_worker: float = 2.0, seed: int = 1) -> int:
	"""About `per_worker` verified evidence rows per worker over the last 6 years; replaces earlier ones."""
	rng = random.Random(seed)
	frappe.db.delete("CPD Evidence", {"name": ("like", "SYN-%")})
	chapter = dict(frappe.get_all("CPD Criterion", fields=["name", "chapter"], as_list=True))
	sets = cpd.rule_sets()
	day, now = getdate(today()), now_datetime()
	rates = {}
	for rate in credit_units.rule_set_on(sets, day).rates:
		rates.setdefault(f"{rate.criterion:02d}", []).append(rate)
	criteria = [c for c in WEIGHTS if c in rates]
	weights = [WEIGHTS[c] for c in criteria]
	workers = frappe.db.sql(
		"select name, full_name, current_entity, current_region from `tabHealth Worker` order by name"
	)
	rows, n = [], 0
	for worker, full_name, entity, region in workers:
		for _ in range(min(int(rng.expovariate(1 / per_worker) + 0.5), 40)):
			criterion = rng.choices(criteria, weights)[0]
			rate = rng.choice(rates[criterion])
			low, high = QUANTITY.get(rate.unit, (1, 1))
			quantity = rng.randint(low, high) * rate.per_quantity
			end = day - timedelta(days=rng.randrange(6 * 365))
			start = end - timedelta(days={"year": 365, "week": 7 * quantity}.get(rate.unit, rng.randrange(6)))
			evidence = credit_units.Evidence(int(criterion), rate.variant, rate.unit, quantity, start, end)
			try:
				valuation = credit_units.value(evidence, sets)
			except DomainError:
				continue  # before the first rule set: such evidence cannot be entered either
			n += 1
			rows.append((
				f"SYN-{n:08d}", worker, full_name, entity, region, criterion, chapter[criterion], rate.variant,
				rate.unit, quantity, valuation.credit_units, valuation.rule_set, "Verified",
				*rng.choice(ACTIVITIES[int(criterion) % len(ACTIVITIES)]), start, end, 1, 1, 1, "Russian",
				f"/private/files/syn-{n}.pdf", 1, "Administrator", now, "Administrator", "Administrator", now, now,
			))  # fmt: skip
			if len(rows) >= CHUNK:
				_insert(rows)
				rows = []
	_insert(rows)
	return n


FIELDS = [
	"name", "health_worker", "worker_name", "healthcare_entity", "region", "criterion", "chapter",
	"variant", "unit", "quantity", "credit_units", "rule_set", "status", "title", "organiser",
	"date_from", "date_to", "author_position", "number_of_authors", "result_at_or_above_threshold",
	"document_language", "attachment", "profile_matches", "verified_by", "verified_on",
	"owner", "modified_by", "creation", "modified",
]  # fmt: skip


def _insert(rows: list[tuple]):
	# The Register Import's multi-row INSERTs: Frappe's bulk_insert spends most of its time in pypika.
	bulk.insert_rows("CPD Evidence", [dict(zip(FIELDS, row, strict=True)) for row in rows])
