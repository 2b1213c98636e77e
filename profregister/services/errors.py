import frappe
from frappe import _

from profregister.domain.errors import DomainError


def throw(err: DomainError, title: str | None = None):
	"""Raise a domain rule violation as a translated validation error."""
	frappe.throw(_(err.message).format(*err.args_), frappe.ValidationError, title=title)


def call(func, *args, title: str | None = None, **kwargs):
	"""Run a domain function; turn a broken rule into a translated error that aborts the save."""
	try:
		return func(*args, **kwargs)
	except DomainError as err:
		throw(err, title)
