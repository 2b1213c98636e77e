"""What the P1 journeys (issue 25) share: the two widths and two languages each runs in, the app's own
wording in a language, and an entity whose HR speaks one."""

import csv
import random
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from conftest import BASE_URL, PASSWORD, login, valid_bin

TRANSLATIONS = Path(__file__).resolve().parents[2] / "profregister" / "translations"
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1440, "height": 900}
# Each journey in Kazakh and Russian, on a phone and on a desktop.
IN_EACH_LANGUAGE_AND_WIDTH = pytest.mark.parametrize(
	("lang", "viewport"),
	[("kk", PHONE), ("ru", DESKTOP), ("ru", PHONE), ("kk", DESKTOP)],
	ids=["kk-390x844", "ru-1440x900", "ru-390x844", "kk-1440x900"],
)


@cache
def _wording(lang: str) -> dict[str, str]:
	with open(TRANSLATIONS / f"{lang}.csv", encoding="utf-8") as file:
		return {row[0]: row[1] for row in csv.reader(file) if len(row) > 1}


def translate(text: str, lang: str) -> str:
	"""The app's wording of `text` in `lang` (the last row of the CSV, as Frappe reads it)."""
	return _wording(lang).get(text, text)


def day(value: date) -> str:
	"""A date as the test sites show it (System Settings: dd.mm.yyyy)."""
	return value.strftime("%d.%m.%Y")


def entity_with_hr(admin, lang: str, entity_name: str) -> dict:
	"""A new entity and its HR specialist, whose desk speaks `lang`, made through the REST API."""
	bin_ = valid_bin(date(2011, 4, 1))
	email = f"hr.{lang}.{random.randrange(10**7)}@test.profregister.kz"
	admin.post(
		f"{BASE_URL}/api/resource/User",
		json={"email": email, "first_name": f"HR {lang}", "new_password": PASSWORD, "send_welcome_email": 0,
			"language": lang},
	).raise_for_status()  # fmt: skip
	admin.post(
		f"{BASE_URL}/api/resource/Healthcare Entity",
		json={"entity_name": entity_name, "bin": bin_, "region": "Astana",
			"users": [{"user": email, "function": "HR Specialist"}]},
	).raise_for_status()  # fmt: skip
	return {"email": email, "entity": bin_, "entity_name": entity_name}


def desk_page(browser, viewport: dict, lang: str, email: str):
	"""A browser of its own (cookies apart from the other user's), signed in to the desk."""
	context = browser.new_context(viewport=viewport, locale=f"{lang}-KZ")
	page = context.new_page()
	page.set_default_timeout(20_000)
	login(page, email, PASSWORD)
	return page


def page_action(page, label: str):
	"""Click a page's own button: on a phone Frappe moves it into the page's "..." menu."""
	if page.viewport_size["width"] < 768:
		page.locator(".page-head:visible .menu-btn-group > button").click()
		page.locator(".page-head:visible .menu-btn-group .dropdown-menu a", has_text=label).click()
	else:
		page.locator(".page-head:visible .custom-actions button", has_text=label).click()


def open_bell(page):
	"""The desk's notifications dropdown, as the user opens it."""
	page.locator(".dropdown-notifications .notifications-icon:visible").click()
	return page.locator(".notifications-list:visible")
