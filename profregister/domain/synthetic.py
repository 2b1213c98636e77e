"""Realistic synthetic register data, deterministic for a seed: valid IINs and BINs, Kazakh and
Russian names, entities in every region, employment histories with transfers and dismissals, and
certificates some of which expire soon or have expired. Rows are plain dicts for bulk inserts."""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from profregister.domain.identifiers import make_bin, make_iin

KAZAKH = {
	"Male": (
		[
			"Abenov",
			"Akhmetov",
			"Baimukhanov",
			"Dzhaksybekov",
			"Ermekov",
			"Iskakov",
			"Kairatov",
			"Mukhametov",
			"Nurlanov",
			"Omarov",
			"Sadykov",
			"Serikbayev",
			"Tokayev",
			"Utepov",
			"Zhanibekov",
			"Kassymov",
		],
		[
			"Askar",
			"Bauyrzhan",
			"Daulet",
			"Yerlan",
			"Kairat",
			"Marat",
			"Nurlan",
			"Serik",
			"Talgat",
			"Timur",
			"Zhandos",
			"Arman",
			"Aidos",
			"Yerzhan",
		],
		[
			"Askarovich",
			"Bolatovich",
			"Kairatovich",
			"Maratovich",
			"Nurlanovich",
			"Serikovich",
			"Yerlanovich",
			"",
		],
	),
	"Female": (
		[
			"Abenova",
			"Akhmetova",
			"Baimukhanova",
			"Dzhaksybekova",
			"Ermekova",
			"Iskakova",
			"Kairatova",
			"Mukhametova",
			"Nurlanova",
			"Omarova",
			"Sadykova",
			"Serikbayeva",
			"Utepova",
			"Zhanibekova",
			"Kassymova",
		],
		[
			"Aigerim",
			"Ainur",
			"Dana",
			"Gulnara",
			"Zhanar",
			"Saule",
			"Aliya",
			"Madina",
			"Asel",
			"Dinara",
			"Karlygash",
			"Aizhan",
			"Zarina",
			"Gaukhar",
		],
		["Askarovna", "Bolatovna", "Kairatovna", "Maratovna", "Nurlanovna", "Serikovna", "Yerlanovna", ""],
	),
}
RUSSIAN = {
	"Male": (
		[
			"Ivanov",
			"Petrov",
			"Smirnov",
			"Kuznetsov",
			"Popov",
			"Sokolov",
			"Lebedev",
			"Kozlov",
			"Novikov",
			"Morozov",
		],
		["Alexander", "Sergey", "Dmitry", "Andrey", "Alexey", "Vladimir", "Nikolai", "Igor", "Oleg", "Pavel"],
		["Alexandrovich", "Sergeyevich", "Dmitriyevich", "Andreyevich", "Vladimirovich", "Nikolayevich"],
	),
	"Female": (
		[
			"Ivanova",
			"Petrova",
			"Smirnova",
			"Kuznetsova",
			"Popova",
			"Sokolova",
			"Lebedeva",
			"Kozlova",
			"Novikova",
		],
		["Elena", "Olga", "Tatiana", "Natalia", "Irina", "Svetlana", "Anna", "Maria", "Yulia", "Ekaterina"],
		["Alexandrovna", "Sergeyevna", "Dmitriyevna", "Andreyevna", "Vladimirovna", "Nikolayevna"],
	),
}
ENTITY_KINDS = (
	("Hospital", "Regional Hospital"),
	("Hospital", "City Hospital No. {n}"),
	("Polyclinic", "City Polyclinic No. {n}"),
	("Primary health care", "Family Health Centre No. {n}"),
	("Emergency medical service", "Emergency Station No. {n}"),
	("Dental clinic", "Dental Clinic No. {n}"),
	("Hospital", "Perinatal Centre No. {n}"),
	("Pharmacy", "Pharmacy No. {n}"),
)
END_REASONS = ("Transfer", "Dismissal", "Retirement", "Emigration", "Other")
ENTITIES_PER_WORKER = 1 / 75  # Kazakhstan: ~300,000 workers in ~4,000 entities


@dataclass
class Dataset:
	entities: list[dict] = field(default_factory=list)
	workers: list[dict] = field(default_factory=list)
	employments: list[dict] = field(default_factory=list)
	certificates: list[dict] = field(default_factory=list)


def _iin(rng: random.Random, born: date, sex: str, used: set) -> str:
	while True:
		iin = make_iin(born, sex, rng.randrange(10000))
		if iin and iin not in used:
			used.add(iin)
			return iin


def generate(
	workers: int,
	regions: list[str],
	specialties: list[tuple[str, bool]],
	positions: list[str],
	today: date,
	seed: int = 1,
) -> Dataset:
	"""`specialties`: (name, needs a clinical-practice certificate)."""
	rng = random.Random(seed)
	data = Dataset()
	used_bins: set = set()
	for n in range(max(len(regions), round(workers * ENTITIES_PER_WORKER))):
		region = regions[n % len(regions)]
		kind, pattern = ENTITY_KINDS[(n // len(regions)) % len(ENTITY_KINDS)]
		while True:
			bin_ = make_bin(date(rng.randrange(1995, 2020), rng.randrange(1, 13), 1), rng.randrange(100000))
			if bin_ and bin_ not in used_bins:
				used_bins.add(bin_)
				break
		data.entities.append(
			{
				"bin": bin_,
				"entity_name": f"{pattern.format(n=n // len(regions) + 1)}, {region}",
				"entity_type": kind,
				"ownership": rng.choice(("State", "State", "State", "Private")),
				"region": region,
			}
		)
	by_region: dict[str, list[dict]] = {}
	for entity in data.entities:
		by_region.setdefault(entity["region"], []).append(entity)

	used_iins: set = set()
	for w in range(workers):
		sex = "Female" if rng.random() < 0.75 else "Male"  # most health workers are women
		names = (KAZAKH if rng.random() < 0.7 else RUSSIAN)[sex]
		born = today - timedelta(days=rng.randrange(22 * 365, 66 * 365))
		specialty, clinical = rng.choice(specialties)
		worker = {
			"name": f"HW-{w + 1:07d}",
			"iin": _iin(rng, born, sex, used_iins),
			"last_name": rng.choice(names[0]),
			"first_name": rng.choice(names[1]),
			"patronymic": rng.choice(names[2]),
			"sex": sex,
			"date_of_birth": born,
			"citizenship": "Kazakhstan",
			"status": "Active",
			"specialty": specialty,
		}
		worker["full_name"] = " ".join(
			filter(None, (worker["last_name"], worker["first_name"], worker["patronymic"]))
		)
		data.workers.append(worker)

		# Career: 1-3 main jobs one after another; the last may have ended (dismissal, emigration...).
		region = rng.choice(regions)
		start = born + timedelta(days=rng.randrange(22 * 365, 26 * 365))
		jobs = rng.choice((1, 1, 1, 2, 2, 3))
		for j in range(jobs):
			if start >= today:
				break
			if rng.random() < 0.15:  # migration to another region
				region = rng.choice(regions)
			entity = rng.choice(by_region[region])
			last = j == jobs - 1
			length = timedelta(days=rng.randrange(300, 12 * 365))
			end = None if (last and rng.random() < 0.9) or start + length >= today else start + length
			data.employments.append(
				{
					"health_worker": worker["name"],
					"healthcare_entity": entity["bin"],
					"region": entity["region"],
					"position": rng.choice(positions),
					"specialty": specialty,
					"rate": rng.choice((1.0, 1.0, 1.0, 0.5, 0.75, 1.25)),
					"start_date": start,
					"end_date": end,
					"end_reason": (
						("Transfer" if not last else rng.choice(END_REASONS[1:])) if end else None
					),
					"order_number": f"{rng.randrange(1, 999)}-K",
					"order_date": start,
					"entry_delay_days": rng.choice((0, 1, 1, 2, 2, 3, 3, 4, 6, 10)),
				}
			)
			if end is None:
				break
			start = end + timedelta(days=rng.randrange(1, 60))

		if clinical:
			# Certificates are valid 5 years; the latest one ends anywhere from a year ago to 5 years ahead.
			valid_until = today + timedelta(days=rng.randrange(-365, 5 * 365))
			for k in range(rng.choice((1, 2))):
				issued = valid_until - timedelta(days=5 * 365)
				data.certificates.append(
					{
						"health_worker": worker["name"],
						"certificate_number": f"KZ{rng.randrange(10**7, 10**8)}",
						"specialty": specialty,
						"issuing_body": "National Centre for Independent Examination",
						"issue_date": issued,
						"valid_until": valid_until,
					}
				)
				valid_until = issued - timedelta(days=1)
				if k == 0 and issued < born + timedelta(days=24 * 365):
					break
	return data
