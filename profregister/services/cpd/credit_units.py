"""CPD credit units on the server: criteria and rule sets from the database, computed by domain.credit_units.

Nothing else computes CU: evidence, the confirmation and reports all come through here, and so does the
provider rule (domain/cpd_providers.py): evidence of a governed criterion from an organisation not on the
list of accredited providers on its date earns no CU, with the reason.
"""

from collections.abc import Callable, Iterable
from dataclasses import asdict

import frappe
from frappe import _
from frappe.utils import formatdate, getdate, today
from pypika.terms import Case

from profregister.domain import cpd_providers as cp
from profregister.domain import credit_units as cu
from profregister.domain.errors import DomainError
from profregister.services.platform import parameters
from profregister.services.platform.errors import call, localise
from profregister.services.platform.parameters import get_parameter

WINDOW_YEARS = "cpd_window_years"
CACHE_KEY = "profregister:cpd_rules"
# Kept with the Regulatory Parameters' cache, which a change of any parameter clears.
GOVERNANCE_KEY = "cpd_accredited_provider_criteria"


def criteria() -> list[cu.Criterion]:
	return cu.criteria_from_records(frappe.cache.get_value(f"{CACHE_KEY}:criteria", _load_criteria))


def rule_sets() -> list[cu.RuleSet]:
	return cu.rule_sets_from_records(frappe.cache.get_value(f"{CACHE_KEY}:rule_sets", _load_rule_sets))


def _load_criteria() -> list[dict]:
	return frappe.get_all(
		"CPD Criterion",
		fields=["number", "chapter", "authorship_limit", "min_duration_months", "requires_threshold_result"],
		order_by="number",
	)


def _load_rule_sets() -> list[dict]:
	sets = frappe.get_all("CPD Rule Set", fields=["name as rule_set_name", "effective_from", "effective_to"])
	rates = frappe.get_all(
		"CPD Rate",
		filters={"parenttype": "CPD Rule Set"},
		fields=["parent", "criterion", "variant", "unit", "per_quantity", "credit_units"],
		order_by="parent, idx",
	)
	for rule_set in sets:
		rule_set["rates"] = [rate for rate in rates if rate.parent == rule_set.rule_set_name]
	return sets


def clear_cache(doc=None, method=None):
	frappe.cache.delete_value([f"{CACHE_KEY}:criteria", f"{CACHE_KEY}:rule_sets"])


def window(on_date=None) -> cu.Window:
	day = getdate(on_date or today())
	return cu.window(day, int(get_parameter(WINDOW_YEARS, day)))


def as_evidence(row) -> cu.Evidence:
	"""A CPD Evidence document or row as the domain sees it."""
	return cu.Evidence(
		criterion=int(row.criterion),
		variant=row.variant or "",
		unit=row.unit,
		quantity=float(row.quantity or 0),
		date_from=getdate(row.date_from),
		date_to=getdate(row.date_to),
		author_position=row.author_position or None,
		number_of_authors=row.number_of_authors or None,
		result_at_or_above_threshold=bool(row.result_at_or_above_threshold),
		document_language=row.document_language or "Russian",
		has_translation=bool(row.translation_attachment),
		has_attachment=bool(row.attachment),
	)


def validate_evidence(doc) -> cu.Valuation:
	"""All the rules of the criterion; raises a translated error naming the unmet requirement."""
	# A disabled criterion takes no new evidence; what was verified under it still counts.
	if not frappe.db.get_value("CPD Criterion", doc.criterion, "enabled"):
		frappe.throw(_("CPD criterion {0} is not in use").format(doc.criterion))
	criterion = next(c for c in criteria() if c.number == int(doc.criterion))
	valuation = call(
		cu.validate, as_evidence(doc), criterion, rule_sets(), getdate(today()), title=_("CPD evidence")
	)
	check_provider(doc)
	return provider_rule([doc])(doc, valuation)


# Accredited providers (domain/cpd_providers.py)


def governance() -> cp.Governance:
	"""Which criteria the list governs, from when: Regulatory Parameters `cp.PARAMETER_PREFIX<n>`."""
	return cp.governance_from_records(
		frappe.cache.hget(parameters.CACHE_KEY, GOVERNANCE_KEY, generator=_load_governance)
	)


def _load_governance() -> list[dict]:
	return frappe.get_all(
		"Regulatory Parameter Value",
		filters={"parenttype": "Regulatory Parameter", "parent": ("like", f"{cp.PARAMETER_PREFIX}%")},
		fields=["parent", "effective_from", "value"],
	)


def accreditations(names: Iterable[str | None]) -> dict[str, cp.Accreditation]:
	"""The list's entries of these providers, in one query."""
	names = sorted({name for name in names if name})
	rows = names and frappe.get_all(
		"Accredited CPD Provider",
		filters={"name": ("in", names)},
		fields=["name", "valid_from", "valid_to"],
	)
	return {
		row.name: cp.Accreditation(getdate(row.valid_from), getdate(row.valid_to) if row.valid_to else None)
		for row in rows or ()
	}


def provider_rule(rows: list) -> Callable[[object, cu.Valuation], cu.Valuation]:
	"""The provider rule for these evidence rows: the list is read once, each row judged in memory."""
	rule, listed = governance(), accreditations(row.provider for row in rows)

	def judge(row, valuation: cu.Valuation) -> cu.Valuation:
		problem = cp.judgement(rule, int(row.criterion), row.provider, getdate(row.date_to), listed)
		return cp.judged(valuation, problem and message(problem))

	return judge


def message(error: DomainError) -> str:
	"""A domain message in the user's language, its arguments too (a row's problem holds another)."""
	return _(error.message).format(
		*(message(arg) if isinstance(arg, DomainError) else localise(arg) for arg in error.args_)
	)


def check_provider(doc):
	"""A free-text organiser of a criterion the list governs is flagged, and refused from the day the
	list governs it. A checker's verify or reject (a status change) is never refused: HR rejects it."""
	rule = governance()
	criterion = int(doc.criterion)
	doc.organiser_not_listed = int(not doc.provider and rule.names(criterion))
	if doc.provider or doc.flags.status_change or not rule.governs(criterion, getdate(doc.date_to)):
		return
	frappe.throw(
		_(
			"{0}: evidence of criterion {1} dated {2} counts only from an organisation on the list of accredited organisations; choose it from the list"
		).format(_(doc.meta.get_label("provider")), criterion, formatdate(doc.date_to)),
		frappe.ValidationError,
		title=_("CPD evidence"),
	)


def rejudge_providers():
	"""After the list changed: evidence from the day the rule first governs is judged again."""
	since = governance().since()
	if since:
		request_revaluation(since)


def offered_variants(criterion: str, on_date=None) -> list[dict]:
	rule_set = call(cu.rule_set_on, rule_sets(), getdate(on_date or today()))
	return [{"variant": variant, "unit": unit} for variant, unit in cu.variants(rule_set, int(criterion))]


EVIDENCE_FIELDS = (
	"name",
	"criterion",
	"provider",
	"variant",
	"unit",
	"quantity",
	"date_from",
	"date_to",
	"author_position",
	"number_of_authors",
	"result_at_or_above_threshold",
	"document_language",
	"translation_attachment",
	"attachment",
	"title",
)


def worker_credit_units(health_worker: str, on_date=None) -> dict:
	"""Verified evidence of the worker in the window, each valued by the rule set in force on its date.

	One query for the evidence; rules come from the cache.
	"""
	span = window(on_date)
	rows = frappe.get_all(
		"CPD Evidence",
		filters={
			"health_worker": health_worker,
			"status": "Verified",
			"date_to": ("between", (span.start, span.end)),
		},
		fields=list(EVIDENCE_FIELDS),
		order_by="date_to, name",
	)
	sets, judge = rule_sets(), provider_rule(rows)
	valued = []
	for row in rows:
		valuation = judge(row, call(cu.value, as_evidence(row), sets))
		# With the rate applied, so a reader can see why (the worker's portal shows it).
		valued.append({**row, **asdict(valuation)})
	summary = cu.summarise(((int(r["criterion"]), r["credit_units"]) for r in valued), criteria())
	return {
		"window": {"start": span.start, "end": span.end},
		"evidence": valued,
		"by_criterion": summary.by_criterion,
		"by_chapter": summary.by_chapter,
		"total": summary.total,
	}


def attachment_hash(file_url: str | None) -> str | None:
	if not file_url:
		return None
	return frappe.db.get_value("File", {"file_url": file_url}, "content_hash")


def refuse_duplicate(doc):
	"""The same document, or the same activity of the same worker, is counted once."""
	others = {"name": ("!=", doc.name or ""), "status": ("!=", "Rejected")}
	duplicate = doc.attachment_hash and frappe.db.get_value(
		"CPD Evidence", {**others, "attachment_hash": doc.attachment_hash}, "name"
	)
	if duplicate:
		frappe.throw(
			_("The same supporting document is already attached to evidence {0}").format(
				# Named only to those who may read it: the same file may belong to another worker.
				duplicate
				if frappe.has_permission("CPD Evidence", "read", duplicate)
				else _("of another worker")
			),
			frappe.DuplicateEntryError,
			title=_("Duplicate evidence"),
		)
	duplicate = frappe.db.get_value(
		"CPD Evidence",
		{
			**others,
			"health_worker": doc.health_worker,
			"criterion": doc.criterion,
			"title": doc.title,
			"date_from": doc.date_from,
			"date_to": doc.date_to,
		},
		"name",
	)
	if duplicate:
		frappe.throw(
			_("This activity is already entered for the worker as evidence {0}").format(duplicate),
			frappe.DuplicateEntryError,
			title=_("Duplicate evidence"),
		)


REVALUE_SINCE = "profregister:revalue-evidence-since"


def request_revaluation(since):
	"""Ask for evidence dated from `since` to be revalued: one job at a time on the long queue, which
	takes the earliest date asked for, also by changes made while it runs."""
	pending = frappe.cache.get_value(REVALUE_SINCE)
	frappe.cache.set_value(REVALUE_SINCE, min(since, pending) if pending else since)
	if frappe.flags.in_test:
		# Deduplication would wait for a job queued earlier on a site with no worker running.
		return run_revaluation()
	frappe.enqueue(
		run_revaluation,
		queue="long",
		job_id="profregister:revalue-evidence",
		deduplicate=True,
		enqueue_after_commit=True,
	)


def run_revaluation():
	while since := frappe.cache.get_value(REVALUE_SINCE):
		frappe.cache.delete_value(REVALUE_SINCE)
		revalue_evidence(since)


def revalue_evidence(since=None, batch_size: int = 5000):
	"""After a rule-set change: store the CU by the sets now in force for the evidence dated from `since`
	(earlier evidence is valued by sets that did not change), in batches of one UPDATE each."""
	sets = rule_sets()
	table = frappe.qb.DocType("CPD Evidence")
	last = ""
	while rows := frappe.get_all(
		"CPD Evidence",
		filters={
			"status": ("!=", "Rejected"),
			"name": (">", last),
			**({"date_to": (">=", since)} if since else {}),
		},
		fields=list(EVIDENCE_FIELDS),
		order_by="name",
		limit=batch_size,
	):
		last = rows[-1].name
		units, used, reasons, judge = Case(), Case(), Case(), provider_rule(rows)
		for row in rows:
			try:
				valuation = judge(row, cu.value(as_evidence(row), sets))
			except DomainError:
				# No rate any more: CU 0 until the administrator supplies one; the confirmation says so too.
				valuation = cu.Valuation(0.0, None)
			units = units.when(table.name == row.name, valuation.credit_units)
			used = used.when(table.name == row.name, valuation.rule_set)
			reasons = reasons.when(table.name == row.name, valuation.reason)
		(
			frappe.qb.update(table)
			.set(table.credit_units, units)
			.set(table.rule_set, used)
			.set(table.credit_units_reason, reasons)
			.where(table.name.isin([row.name for row in rows]))
		).run()
		frappe.db.commit()
