"""Numbers in the reader's language (domain/numbers.py), for pages, prints and messages: the one
helper that writes credit units and other totals (templates call it as `local_number`)."""

import frappe

from profregister.domain.numbers import format_number


def local_number(value, places: int = 2) -> str:
	return format_number(value, getattr(frappe.local, "lang", None), places)


class LocalNumber:
	"""A number written in the language of whoever renders it: a notice renders its line once per
	reader's language (services/notices/notify.py), so its figures go in as these."""

	def __init__(self, value, places: int = 2):
		self.value, self.places = value, places

	def __str__(self) -> str:
		return local_number(self.value, self.places)
