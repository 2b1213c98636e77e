from datetime import date

import frappe
from frappe import _
from frappe.utils import formatdate

from profregister.domain.errors import DomainError


def localise(arg, lang: str | None = None):
	# Domain messages carry English words ("IIN", "Female") and ISO dates; show them in the user's language.
	if isinstance(arg, date):
		return formatdate(arg)
	return _(arg, lang=lang) if isinstance(arg, str) else arg


def throw(err: DomainError, title: str | None = None):
	"""Raise a domain rule violation as a translated validation error."""
	frappe.throw(_(err.message).format(*map(localise, err.args_)), frappe.ValidationError, title=title)


def call(func, *args, title: str | None = None, **kwargs):
	"""Run a domain function; turn a broken rule into a translated error that aborts the save."""
	try:
		return func(*args, **kwargs)
	except DomainError as err:
		throw(err, title)
