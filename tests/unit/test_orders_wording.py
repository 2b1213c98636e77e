"""The orders' own wording in the shipped translations: DSM-283/2020 in Kazakh says «үздіксіз кәсіптік
даму», and the app keeps one Kazakh term for credit units; Appendix 2 names the rules by their current
title (order No. 43 of 28.06.2024) and signs as rule 2 says since 18.12.2025."""

import csv
import re
from pathlib import Path

TRANSLATIONS = Path(__file__).resolve().parents[2] / "profregister" / "translations"
# «кәсіби даму», «кәсіби дамуы», «кәсіби дамудың», … in any letter case.
PROFESSIONAL_DEVELOPMENT = re.compile(r"кәсіби\s+даму", re.IGNORECASE)
# «кредиттік бірлік», «кредит-бірлік», «кредит бірлігі», …: the term up to the stem of «бірлік».
CREDIT_UNIT = re.compile(r"кредит\w*[\s-]+бірлі", re.IGNORECASE)
# The register is «Кәсіптік тіркелім» (the adjective of «кәсіптік даму»), never the loanword «регистр».
REGISTER_LOANWORD = re.compile(r"регистр", re.IGNORECASE)
APPENDIX_2 = (
	"Appendix 2 to the Rules for confirming the results of continuous professional development, "
	"assigning and confirming the qualification level of healthcare workers"
)
RU_TITLE = (
	"Правилам подтверждения результатов непрерывного профессионального развития, присвоения и "
	"подтверждения уровня квалификации работников здравоохранения"
)
SIGNATURES = {
	"Personnel management service": "Служба управления персоналом",
	"Head of the healthcare organisation": "Руководитель организации здравоохранения",
	"Individual engaged in private medical practice": "Физическое лицо, занимающееся частной медицинской практикой",
}


def translations(lang: str) -> dict[str, str]:
	with (TRANSLATIONS / f"{lang}.csv").open(encoding="utf-8", newline="") as file:
		return {row[0]: row[1] for row in csv.reader(file) if len(row) >= 2}


def test_kazakh_says_kasiptik_damu():
	wrong = {
		source: text for source, text in translations("kk").items() if PROFESSIONAL_DEVELOPMENT.search(text)
	}
	assert wrong == {}


def test_kazakh_has_one_term_for_credit_units():
	terms = {}
	for source, text in translations("kk").items():
		for match in CREDIT_UNIT.finditer(text):
			terms.setdefault(re.sub(r"[\s-]+", " ", match.group(0).lower()), []).append(source)
	assert len(terms) == 1, terms


def test_kazakh_names_the_register_one_way():
	kk = translations("kk")
	assert {source: text for source, text in kk.items() if REGISTER_LOANWORD.search(text)} == {}
	assert kk["Professional Register"] == "Кәсіптік тіркелім"
	named = {source: text for source, text in kk.items() if "professional register" in source.lower()}
	assert named and all("кәсіптік тіркелім" in text.lower() for text in named.values()), named


def test_the_patterns_catch_the_old_wording():
	for text in ("Үздіксіз кәсіби даму", "кәсіби дамуының", "КӘСІБИ ДАМУДЫҢ"):
		assert PROFESSIONAL_DEVELOPMENT.search(text), text
	assert not PROFESSIONAL_DEVELOPMENT.search("үздіксіз кәсіптік даму")
	found = {CREDIT_UNIT.search(text).group(0).lower() for text in ("5 кредит-бірлік", "5 кредиттік бірлік")}
	assert len(found) == 2


def test_appendix_2_uses_the_current_title_and_rule_2_labels():
	ru, kk = translations("ru"), translations("kk")
	assert RU_TITLE in ru[APPENDIX_2]
	assert "кәсіптік даму" in kk[APPENDIX_2]
	for source, text in SIGNATURES.items():
		assert ru[source] == text
		assert kk.get(source)
