"""Regulatory parameters: values with effective dates that the Register Administrator edits."""

import frappe
from frappe.utils import getdate

from profregister.domain.parameters import value_on
from profregister.services.platform.errors import call

CACHE_KEY = "profregister:regulatory_parameters"


def get_parameter(parameter: str, on_date=None) -> float:
	rows = frappe.cache.hget(CACHE_KEY, parameter, generator=lambda: _load(parameter))
	return call(value_on, rows, getdate(on_date), parameter)


def _load(parameter: str) -> list:
	return [
		(row.effective_from, row.value)
		for row in frappe.get_all(
			"Regulatory Parameter Value",
			filters={"parent": parameter, "parenttype": "Regulatory Parameter"},
			fields=["effective_from", "value"],
		)
	]


def clear_cache():
	frappe.cache.delete_key(CACHE_KEY)
