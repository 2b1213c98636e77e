"""An HR specialist uploads a spreadsheet in the desk, reads the dry run's counts, downloads the rows with
errors and imports the rest; the job runs on the long queue (scripts/test starts a worker)."""

import csv
import random
from datetime import date

from conftest import ARTIFACTS, BASE_URL, PASSWORD, login

from profregister.domain.identifiers import make_iin


def control(page, fieldname: str):
	return page.locator(f'.frappe-control[data-fieldname="{fieldname}"]').first


def wait_for_status(page, status: str):
	page.locator(".indicator-pill", has_text=status).first.wait_for(timeout=240_000)


def test_hr_checks_and_imports_a_file(page, admin, hr_user, tmp_path):
	rng = random.Random()
	iins = []
	while len(iins) < 4:
		iin = make_iin(date(1987, rng.randrange(1, 13), rng.randrange(1, 28)), "Female", rng.randrange(10000))
		if iin and iin not in iins:
			iins.append(iin)
	path = tmp_path / "workers.csv"
	with open(path, "w", newline="", encoding="utf-8-sig") as f:
		writer = csv.writer(f, delimiter=";")
		writer.writerow(
			["ИИН", "Фамилия", "Имя", "БИН", "Должность", "Специальность", "Ставка", "Дата приёма"]
		)
		for n, iin in enumerate(iins):
			writer.writerow(
				[iin, "Сейітова", "Айгүл", hr_user["entity"], "Nurse", "Nursing", "1", f"0{n + 1}.09.2021"]
			)
		writer.writerow(
			[
				iins[0][:-1] + "x",
				"Ошибкина",
				"Анна",
				hr_user["entity"],
				"Nurse",
				"Astrology",
				"1",
				"01.09.2021",
			]
		)

	login(page, hr_user["email"], PASSWORD)
	page.goto(f"{BASE_URL}/app/register-import/new")
	control(page, "import_file").locator("button").first.click()
	dialog = page.locator(".modal.show")
	dialog.locator('input[type="file"]').set_input_files(str(path))
	dialog.get_by_role("button", name="Upload").click()
	control(page, "import_file").locator("a", has_text="workers").first.wait_for()
	page.keyboard.press("Control+s")
	page.wait_for_url("**/app/register-import/IMP-*")
	name = page.url.rstrip("/").split("/")[-1]

	page.get_by_role("button", name="Check file").click()
	wait_for_status(page, "Checked")
	assert control(page, "rows_new").locator(".control-value").inner_text().strip() == "4"
	assert control(page, "rows_error").locator(".control-value").inner_text().strip() == "1"
	page.screenshot(path=str(ARTIFACTS / "register-import-checked.png"))

	link = control(page, "error_file").locator("a").first
	errors = page.context.request.get(BASE_URL + link.get_attribute("href"))
	assert errors.ok
	text = errors.text()
	# The file's own headers name the columns; the upload's delimiter is kept.
	assert "Ошибкина;" in text and "ИИН:" in text and "Специальность: Astrology" in text, text

	page.get_by_role("button", name="Import", exact=True).click()
	page.locator(".modal.show").get_by_role("button", name="Yes").click()
	wait_for_status(page, "Completed")
	page.screenshot(path=str(ARTIFACTS / "register-import-completed.png"))

	saved = admin.get(f"{BASE_URL}/api/resource/Register Import/{name}").json()["data"]
	assert (saved["rows_new"], saved["rows_error"], saved["healthcare_entity"]) == (4, 1, hr_user["entity"])
	workers = admin.get(
		f"{BASE_URL}/api/resource/Health Worker",
		params={"filters": f'[["iin", "in", {iins!r}]]'.replace("'", '"'), "fields": '["current_entity"]'},
	).json()["data"]
	assert [w["current_entity"] for w in workers] == [hr_user["entity"]] * 4
