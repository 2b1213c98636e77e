"""Realistic synthetic register data, deterministic for a seed: valid IINs and BINs, Kazakh and
Russian names in Cyrillic, identity documents, diplomas of Kazakhstan medical universities and
colleges, qualification categories, entities in every region, employment histories with transfers
and dismissals, and certificates some of which expire soon or have expired. Rows are plain dicts for
bulk inserts."""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from profregister.domain.identifiers import make_bin, make_iin

KAZAKH = {
	"Male": (
		[
			"Әбенов",
			"Ахметов",
			"Баймұханов",
			"Жақсыбеков",
			"Ермеков",
			"Ысқақов",
			"Қайратов",
			"Мұхаметов",
			"Нұрланов",
			"Омаров",
			"Садықов",
			"Серікбаев",
			"Тоқаев",
			"Өтепов",
			"Жәнібеков",
			"Қасымов",
		],
		[
			"Асқар",
			"Бауыржан",
			"Дәулет",
			"Ерлан",
			"Қайрат",
			"Марат",
			"Нұрлан",
			"Серік",
			"Талғат",
			"Тимур",
			"Жандос",
			"Арман",
			"Айдос",
			"Ержан",
		],
		[
			"Асқарұлы",
			"Болатұлы",
			"Қайратұлы",
			"Маратұлы",
			"Нурланович",
			"Серикович",
			"Ерланович",
			"",
		],
	),
	"Female": (
		[
			"Әбенова",
			"Ахметова",
			"Баймұханова",
			"Жақсыбекова",
			"Ермекова",
			"Ысқақова",
			"Қайратова",
			"Мұхаметова",
			"Нұрланова",
			"Омарова",
			"Садықова",
			"Серікбаева",
			"Өтепова",
			"Жәнібекова",
			"Қасымова",
		],
		[
			"Әйгерім",
			"Айнұр",
			"Дана",
			"Гүлнара",
			"Жанар",
			"Сәуле",
			"Әлия",
			"Мадина",
			"Әсел",
			"Динара",
			"Қарлығаш",
			"Айжан",
			"Зарина",
			"Гауһар",
		],
		["Асқарқызы", "Болатқызы", "Қайратқызы", "Маратқызы", "Нурлановна", "Сериковна", "Ерлановна", ""],
	),
}
RUSSIAN = {
	"Male": (
		[
			"Иванов",
			"Петров",
			"Смирнов",
			"Кузнецов",
			"Попов",
			"Соколов",
			"Лебедев",
			"Козлов",
			"Новиков",
			"Морозов",
		],
		[
			"Александр",
			"Сергей",
			"Дмитрий",
			"Андрей",
			"Алексей",
			"Владимир",
			"Николай",
			"Игорь",
			"Олег",
			"Павел",
		],
		["Александрович", "Сергеевич", "Дмитриевич", "Андреевич", "Владимирович", "Николаевич"],
	),
	"Female": (
		[
			"Иванова",
			"Петрова",
			"Смирнова",
			"Кузнецова",
			"Попова",
			"Соколова",
			"Лебедева",
			"Козлова",
			"Новикова",
			"Морозова",
		],
		["Елена", "Ольга", "Татьяна", "Наталья", "Ирина", "Светлана", "Анна", "Мария", "Юлия", "Екатерина"],
		["Александровна", "Сергеевна", "Дмитриевна", "Андреевна", "Владимировна", "Николаевна"],
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

# Identity documents: issued from the 16th birthday, valid 10 years.
ID_ISSUER = "Ministry of Internal Affairs of the Republic of Kazakhstan"
ID_FIRST_AGE = 16
ID_VALID_YEARS = 10
PASSPORT_SHARE = 0.05

# Education: nursing-group specialties are taught at colleges, the others at medical universities.
COLLEGE_SPECIALTIES = frozenset(
	("Nursing", "Midwifery", "General medicine (paramedic)", "Laboratory diagnostics")
)
UNIVERSITIES = (
	# (institution, weight: roughly its share of graduates)
	("Kazakh National Medical University named after S. D. Asfendiyarov", 5),
	("Astana Medical University", 4),
	("Karaganda Medical University", 4),
	("Semey Medical University", 3),
	("West Kazakhstan Medical University named after Marat Ospanov", 3),
	("South Kazakhstan Medical Academy", 3),
	("Kazakh-Russian Medical University", 1),
	("Al-Farabi Kazakh National University", 1),
)
COLLEGES = (
	"Astana Higher Medical College",
	"Almaty Higher Medical College",
	"Shymkent Higher Medical College",
	"Karaganda Higher Medical College",
	"Aktobe Higher Medical College",
	"Pavlodar Higher Medical College",
	"Oskemen Higher Medical College",
	"Semey Medical College",
	"Kostanay Higher Medical College",
	"Taraz Higher Medical College",
	"Kyzylorda Higher Medical College",
	"Uralsk Higher Medical College",
	"Atyrau Higher Medical College",
	"Petropavl Higher Medical College",
)
# Programme studied at a university for a specialty; anything else was general medicine.
UNIVERSITY_PROGRAMMES = {
	"Dentistry": "Dentistry",
	"Pharmacy": "Pharmacy",
	"Public health": "Public health",
	"Hygiene and epidemiology": "Medical and preventive care",
}
# Qualification categories and the years of practice each requires; a category is valid 5 years.
CATEGORY_YEARS = (("Second", 3), ("First", 5), ("Highest", 7))
CATEGORY_VALID_YEARS = 5
NO_CATEGORY_SHARE = 0.15
UNIVERSITY_NAMES = tuple(name for name, _ in UNIVERSITIES)
UNIVERSITY_WEIGHTS = tuple(weight for _, weight in UNIVERSITIES)


@dataclass
class Dataset:
	entities: list[dict] = field(default_factory=list)
	workers: list[dict] = field(default_factory=list)
	employments: list[dict] = field(default_factory=list)
	certificates: list[dict] = field(default_factory=list)
	education: list[dict] = field(default_factory=list)  # one row per worker, child table "education"


def add_years(day: date, years: int) -> date:
	"""The same day `years` later (or earlier); 29 February becomes 28 February."""
	try:
		return day.replace(year=day.year + years)
	except ValueError:
		return day.replace(year=day.year + years, day=28)


def _between(rng: random.Random, first: date, last: date) -> date:
	"""A day from `first` to `last`, both included."""
	return first + timedelta(days=rng.randrange((last - first).days + 1))


def _unique_number(rng: random.Random, used: set) -> str:
	while True:
		number = f"0{rng.randrange(10**8):08d}"  # 9 digits, as on identity cards
		if number not in used:
			used.add(number)
			return number


def _education(rng: random.Random, born: date, specialty: str, today: date) -> dict:
	"""The diploma that qualified the worker: college at 19-22, university at 22-25, in late June."""
	college = specialty in COLLEGE_SPECIALTIES
	age = rng.choice((19, 19, 20, 20, 21, 22) if college else (22, 23, 23, 24, 24, 25))
	graduated = date(born.year + age, 6, 18) + timedelta(days=rng.randrange(16))
	while graduated >= today:  # the youngest graduated last summer at the latest
		graduated = graduated.replace(year=graduated.year - 1)
	if college:
		return {
			"education_level": "Technical and vocational",
			"institution": rng.choice(COLLEGES),
			"specialty_studied": specialty,
			"document_number": f"ТКБ {rng.randrange(10**6, 10**7)}",
			"document_date": graduated,
		}
	return {
		"education_level": "Higher",
		"institution": rng.choices(UNIVERSITY_NAMES, UNIVERSITY_WEIGHTS)[0],
		"specialty_studied": UNIVERSITY_PROGRAMMES.get(specialty, "General medicine"),
		"document_number": f"ЖБ-Б {rng.randrange(10**6, 10**7)}",
		"document_date": graduated,
	}


def _qualification(rng: random.Random, first_job: date, worked_until: date, specialty: str) -> dict:
	"""Most workers hold a category their years of practice allow (often the highest), awarded in
	their last 5 years of work (up to today for those still working); beginners hold none."""
	eligible = [(name, years) for name, years in CATEGORY_YEARS if add_years(first_job, years) < worked_until]
	if not eligible or rng.random() < NO_CATEGORY_SHARE:
		return {}
	category, years = eligible[-1] if rng.random() < 0.6 else rng.choice(eligible)
	awarded = _between(
		rng,
		max(add_years(first_job, years), add_years(worked_until, -CATEGORY_VALID_YEARS) + timedelta(days=1)),
		worked_until - timedelta(days=1),
	)
	return {
		"qualification_category": category,
		"qualification_specialty": specialty,
		"qualification_date": awarded,
		"qualification_valid_until": add_years(awarded, CATEGORY_VALID_YEARS),
	}


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
	first: int = 1,
) -> Dataset:
	"""`specialties`: (name, needs a clinical-practice certificate); `first`: the first worker's number."""
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
	used_documents: set = set()
	ten_years_ago = add_years(today, -ID_VALID_YEARS)
	for w in range(workers):
		sex = "Female" if rng.random() < 0.75 else "Male"  # most health workers are women
		names = (KAZAKH if rng.random() < 0.7 else RUSSIAN)[sex]
		born = today - timedelta(days=rng.randrange(22 * 365, 66 * 365))
		specialty, clinical = rng.choice(specialties)
		# The identity document in force: issued after the 16th birthday within the last 10 years.
		id_issued = _between(
			rng,
			max(add_years(born, ID_FIRST_AGE), ten_years_ago) + timedelta(days=1),
			today - timedelta(days=1),
		)
		education = _education(rng, born, specialty, today)
		college = education["education_level"] == "Technical and vocational"
		# First job after the diploma (university graduates often after an internship or residency).
		start = education["document_date"] + timedelta(days=rng.randrange(30, 365 if college else 3 * 365))
		worker = {
			"name": f"HW-{first + w:07d}",
			"iin": _iin(rng, born, sex, used_iins),
			"last_name": rng.choice(names[0]),
			"first_name": rng.choice(names[1]),
			"patronymic": rng.choice(names[2]),
			"sex": sex,
			"date_of_birth": born,
			"citizenship": "Kazakhstan",
			"status": "Active",
			"specialty": specialty,
			"id_document_type": "Passport" if rng.random() < PASSPORT_SHARE else "Identity card",
			"id_document_number": _unique_number(rng, used_documents),
			"id_document_issuer": ID_ISSUER,
			"id_document_issue_date": id_issued,
			"id_document_expiry_date": add_years(id_issued, ID_VALID_YEARS),
			# National qualifications framework: college 4-5, bachelor 6, internship or residency 7.
			"qualification_framework_level": rng.choice(("4", "4", "5") if college else ("6", "7", "7")),
			"qualification_category": "",
		}
		worker["full_name"] = " ".join(
			filter(None, (worker["last_name"], worker["first_name"], worker["patronymic"]))
		)
		data.workers.append(worker)
		data.education.append({"health_worker": worker["name"], **education})

		# Career: 1-3 main jobs one after another; the last may have ended (dismissal, emigration...).
		region = rng.choice(regions)
		first_job, worked_until = start, None
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
			worked_until = end or today
			if end is None:
				break
			start = end + timedelta(days=rng.randrange(1, 60))
		if worked_until:
			worker.update(_qualification(rng, first_job, worked_until, specialty))

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
