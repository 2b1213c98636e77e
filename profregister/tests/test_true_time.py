"""Stored timestamps are the wall clock in Kazakhstan (UTC+5 since 1 March 2024), whatever tz data
Frappe's pinned pytz ships: a record saved now carries the database's UTC clock plus five hours, both
in this process and through a request to the web app."""

from datetime import timedelta

import frappe
from frappe.utils import get_datetime

from profregister.tests.factories import CleanTestCase, make_entity, make_worker
from profregister.tests.rest import api_token, rest

KAZAKHSTAN = timedelta(hours=5)


def utc_now():
	return frappe.db.sql("select utc_timestamp(6)")[0][0]


class TestTrueTime(CleanTestCase):
	def test_the_site_keeps_kazakhstan_time(self):
		self.assertEqual(frappe.db.get_single_value("System Settings", "time_zone"), "Asia/Almaty")

	def test_a_saved_record_carries_the_wall_clock(self):
		before = utc_now()
		worker = make_worker(make_entity().name)
		after = utc_now()
		modified = get_datetime(frappe.db.get_value("Health Worker", worker.name, "modified"))
		self.assertGreaterEqual(modified, before + KAZAKHSTAN - timedelta(seconds=1))
		self.assertLessEqual(modified, after + KAZAKHSTAN + timedelta(seconds=1))

	def test_a_record_saved_through_the_web_app_carries_the_wall_clock(self):
		worker = make_worker(make_entity().name)
		token = api_token("Administrator")
		frappe.db.commit()  # the request reads what is committed (the class removes it at its end)
		before = utc_now()
		response = rest("PUT", f"/api/resource/Health Worker/{worker.name}", token,
			json={"residence_address": "Астана, ул. Бейбітшілік, 1"})  # fmt: skip
		after = utc_now()
		self.assertEqual(response.status_code, 200, response.text)
		modified = get_datetime(response.json["data"]["modified"])
		self.assertGreaterEqual(modified, before + KAZAKHSTAN - timedelta(seconds=1))
		self.assertLessEqual(modified, after + KAZAKHSTAN + timedelta(seconds=1))
