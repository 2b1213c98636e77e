"""The scope a report or an analytics computation runs in: the scope gate's own rule (access/gate.py),
so that a report never shows what the list of the same records hides.

A computation takes its Scope as an argument: a desk report passes the user's
(`Scope.of_user(doctype)`), and the coordinator's frozen submission the country's (`Scope.country()`),
so whose figures they are is written at the call, never switched on somewhere else."""

from dataclasses import dataclass

import frappe
from pypika.terms import ValueWrapper

from profregister.access import gate


@dataclass(frozen=True)
class Scope:
	national: bool
	entities: frozenset[str] = frozenset()
	regions: frozenset[str] = frozenset()
	workers: frozenset[str] = frozenset()
	user: str | None = None  # None: the country's figures, whoever asks

	@classmethod
	def of_user(cls, doctype: str = "Health Worker", user: str | None = None) -> "Scope":
		"""What the user reads `doctype` through: national, or the entities, regions and workers linked."""
		user = user or frappe.session.user
		readable = gate.grants_for(doctype, "read", user)
		if any(g.kind == "national" for g in readable):
			return cls(national=True, user=user)

		def linked(kind: str) -> frozenset[str]:
			return frozenset().union(*(g.values for g in readable if g.kind == kind))

		return cls(False, linked("entity"), linked("region"), linked("worker"), user)

	@classmethod
	def country(cls) -> "Scope":
		"""Figures that belong to the country whoever triggers them (the coordinator's submission).
		Never for anything that returns rows to the caller."""
		return cls(national=True)

	def of(self, doctype: str) -> "Scope":
		"""The same reader's scope on another doctype (their rights may differ by doctype)."""
		return self if self.user is None else Scope.of_user(doctype, self.user)

	def values(self, kind: str) -> frozenset[str] | None:
		"""The linked names of a kind ("entity", "region", "worker"), or None when national."""
		if self.national:
			return None
		return {"entity": self.entities, "region": self.regions, "worker": self.workers}[kind]

	def restrict(self, query, entity_field=None, region_field=None, worker_field=None):
		"""The scope on a frappe.qb query: national unrestricted, others by link; a scope the query
		cannot express gives nothing rather than too much."""
		if self.national:
			return query
		condition = None
		for values, field in (
			(self.entities, entity_field),
			(self.regions, region_field),
			(self.workers, worker_field),
		):
			if field is not None and values:
				term = field.isin(sorted(values))
				condition = term if condition is None else condition | term
		if condition is None:
			return query.where(ValueWrapper(1) == 0)
		return query.where(condition)


def region_filter(region: str) -> list[str]:
	"""A report's region filter means the region and every district and city under it (the region
	tree is read by gate.with_descendants, the one reader of it)."""
	return gate.with_descendants([region]) or [region]
