"""Numbers in the reader's language (domain/numbers.py), for pages, prints and messages: the one
helper that writes credit units and other totals (templates call it as `local_number`)."""

import frappe
from frappe import _

from profregister.domain.numbers import desk_number_format, format_number, unit_after, unit_per


def local_number(value, places: int = 2) -> str:
	return format_number(value, _lang(), places)


def local_unit(count, unit: str) -> str:
	"""The unit's word after `count` (CPD Rate.unit: "2 дня", "2 күн"), or its translation."""
	return unit_after(count, unit, _lang()) or _(unit)


def local_unit_per(unit: str) -> str:
	"""The unit's word after "per" ("за неделю")."""
	return unit_per(unit, _lang()) or _(unit)


def _lang() -> str | None:
	return getattr(frappe.local, "lang", None)


def boot_session(bootinfo):
	"""The desk formats every number by the boot's number format (Frappe's format_number): a user of kk
	or ru gets a decimal comma and a space between thousands ("20.000" and "5,117.00" read as thousands
	there). Only the display changes: reports send and export the plain numbers."""
	defaults = bootinfo.get("sysdefaults")
	if defaults is not None:
		defaults["number_format"] = desk_number_format(_lang(), defaults.get("number_format") or "#,###.##")


class LocalNumber:
	"""A number written in the language of whoever renders it: a notice renders its line once per
	reader's language (services/notices/notify.py), so its figures go in as these."""

	def __init__(self, value, places: int = 2):
		self.value, self.places = value, places

	def __str__(self) -> str:
		return local_number(self.value, self.places)
