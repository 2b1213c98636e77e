"""Rows to FHIR resources and bundles. The shapes are domain/fhir's; here what they need from Frappe: the
published instants of the timestamps (clock.py), today's certificate states, the server's URL."""

from frappe.utils import getdate, today

from profregister.domain import certificates as certificate_rules
from profregister.domain.fhir import bundle
from profregister.domain.fhir.resources import (
	organization,
	practitioner,
	practitioner_role,
	region_location,
	site_location,
)
from profregister.services.certificates.lifecycle import NOTICE_MONTHS
from profregister.services.interoperability.fhir import paging
from profregister.services.interoperability.fhir.clock import published
from profregister.services.platform.parameters import get_parameter


def practitioners(client, workers: list, certificates: list) -> list[dict]:
	"""Workers with their certificates (newest first), each in today's state; last updated when the
	worker or one of their certificates last changed."""
	day = getdate(today())
	notice = int(get_parameter(NOTICE_MONTHS, day))
	by_worker: dict[str, list] = {}
	for c in certificates:
		by_worker.setdefault(c.health_worker, []).append(c)
	resources = []
	for row in workers:
		held = by_worker.get(row.name, [])
		for c in held:
			c.state = certificate_rules.state(
				getdate(c.valid_until), notice, day, row.blocking_certificate == c.name
			)[0]
		row.last_updated = published(max([row.modified, *(c.modified for c in held)]))
		resources.append(practitioner(row, held, client.personal_data))
	return resources


def practitioner_roles(rows: list, day) -> list[dict]:
	for row in rows:
		row.last_updated = published(row.modified)
	return [practitioner_role(r, day) for r in rows]


def organizations(rows: list) -> list[dict]:
	for row in rows:
		row.last_updated = published(row.modified)
	return [organization(r) for r in rows]


def locations(regions: list, sites: list, by_name: dict) -> list[dict]:
	"""The regions, then the sites; a region's parent and a site's region named by their codes."""
	for row in sites:
		row.region_code = by_name[row.region].code if row.region in by_name else None
		row.last_updated = published(row.modified)
	for row in regions:
		row.last_updated = published(row.modified)
		row.parent_code = by_name[row.parent_region].code if row.parent_region in by_name else None
	return [region_location(r) for r in regions] + [site_location(s) for s in sites]


def searchset(path: str, params: list, found: paging.Found, included: list, next_url: str | None) -> dict:
	return bundle.searchset(
		paging.base_url(), paging.url(path, params), found.rows, included, next_url, found.total
	)


def history(path: str, params: list, changes: list[dict], next_url: str | None) -> dict:
	return bundle.history(paging.base_url(), paging.url(path, params), changes, next_url)
