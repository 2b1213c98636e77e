"""What the production-stack smoke test needs on a site, made with the bench's own Python (run as the
bench user from the bench's sites folder): an entity with its HR specialist, a worker with a portal
account and a certificate, a FHIR client, and a Register Import of a few rows. Prints them as JSON.
    ../env/bin/python fixtures.py SITE
"""

import json
import sys
from datetime import date
from unittest.mock import patch

import frappe
from frappe.utils.password import update_password

PASSWORD = "Smoke-Test-2026!"


def make(site: str) -> dict:
	from profregister.access import links
	from profregister.tests.factories import (
		link_user_to_entity,
		make_certificate,
		make_employment,
		make_entity,
		make_user,
		make_worker,
	)
	from profregister.tests.test_register_import import csv_bytes, fresh_iins, new_import, person

	mark = frappe.generate_hash(length=6)
	entity = make_entity("Astana", entity_name=f"Smoke Clinic {mark}").name
	worker = make_worker(entity, last_name="Смоук", first_name="Айгерим")
	make_employment(worker.name, entity, date(2019, 9, 1))
	certificate = make_certificate(worker.name, date(2025, 1, 10), date(2030, 1, 10))
	hr = make_user(f"hr.smoke.{mark}@test.profregister.kz")
	link_user_to_entity(hr, entity, "HR Specialist")
	account = f"worker.smoke.{mark}@test.profregister.kz"
	with patch("frappe.sendmail"):
		links.invite_worker(frappe.get_doc("Health Worker", worker.name), account)
	for user in (hr, account):
		update_password(user, PASSWORD)
	rows = [person(iin, entity, n) for n, iin in enumerate(fresh_iins(5))]
	register_import = new_import(hr, csv_bytes(rows), entity)
	fhir_key = (
		frappe.get_doc(
			{"doctype": "Register API Client", "client_name": f"Smoke {mark}", "scope": "National"}
		)
		.insert()
		.generate_secret()
	)
	frappe.db.commit()
	return {
		"site": site, "password": PASSWORD, "hr": hr, "worker_account": account, "worker": worker.name,
		"worker_name": worker.full_name, "certificate": certificate.certificate_number,
		"register_import": register_import, "fhir_key": fhir_key,
	}  # fmt: skip


if __name__ == "__main__":
	frappe.init(site=sys.argv[1], sites_path=".")
	frappe.connect()
	try:
		print(json.dumps(make(sys.argv[1])))
	finally:
		frappe.destroy()
