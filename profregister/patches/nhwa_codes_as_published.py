"""The NHWA indicators shipped before get the codes, names and sources the register can stand behind
(README: NHWA as published): codes as numbered in a readable source, or marked unverified. A record an
administrator renamed is left as it is; the installer then adds the shipped one beside it."""

import json

import frappe

from profregister.install import DATA

# Old shipped code -> new code, in an order where no new code is still held by an old record.
RENAMED = (("1-03", "1-10"), ("1-04", "1-11"), ("1-05", "1-07"), ("1-01", "1-03"), ("1-01-HC", "REG-HC"),
	("1-01-FTE", "REG-FTE"))  # fmt: skip
OLD_NAMES = {
	"1-03": "Health worker distribution by facility ownership",
	"1-04": "Health worker distribution by facility type",
	"1-05": "Health worker distribution by age group",
	"1-01": "Health worker density",
	"1-01-HC": "Health workforce stock: headcount",
	"1-01-FTE": "Health workforce stock: full-time equivalents",
	"1-06": "Health worker distribution by sex",
	"5-01": "Entry into the health labour market",
	"5-03": "Voluntary exit from the health labour market",
	"5-04": "Involuntary exit from the health labour market",
}
FIELDS = ("indicator_name", "edition", "code_status", "source_url", "source_note", "denominator")


def execute():
	shipped = {r["code"]: r for r in json.loads((DATA / "nhwa_indicators.json").read_text())}
	for old, new in RENAMED:
		if _as_shipped(old) and not frappe.db.exists("NHWA Indicator", new):
			frappe.rename_doc("NHWA Indicator", old, new, force=True)
			frappe.db.set_value("NHWA Indicator", new, "code", new, update_modified=False)
			_update(new, shipped[new])
	for code in ("1-06", "5-01", "5-03", "5-04"):
		if _as_shipped(code):
			_update(code, shipped[code])


def _as_shipped(code: str) -> bool:
	return frappe.db.get_value("NHWA Indicator", code, "indicator_name") == OLD_NAMES[code]


def _update(code: str, record: dict):
	frappe.db.set_value("NHWA Indicator", code, {f: record.get(f) for f in FIELDS}, update_modified=False)
