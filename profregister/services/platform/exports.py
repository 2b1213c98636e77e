"""Nothing a spreadsheet could run leaves the site: Frappe's own CSV and Excel exports (Report View,
query reports, and every other export built on `get_csv_bytes` and `make_xlsx`) write each cell through
the one rule of domain/text.py, as the app's own files (error files, NHWA CSV) do, and each export of
Frappe's two export endpoints is noted in the trail of personal data access. Installed once per process,
when the app is loaded."""

import functools

from profregister.domain.text import neutralised


def neutralised_rows(data):
	return [[neutralised(cell) for cell in row] if isinstance(row, list | tuple) else row for row in data]


def install():
	import frappe.desk.utils
	import frappe.utils.xlsxutils

	for module, name in ((frappe.desk.utils, "get_csv_bytes"), (frappe.utils.xlsxutils, "make_xlsx")):
		original = getattr(module, name)
		if getattr(original, "neutralises", False):
			continue

		@functools.wraps(original)
		def writer(data, *args, _original=original, **kwargs):
			written = _original(neutralised_rows(data), *args, **kwargs)
			# Imported here: this module loads with the package, before Frappe may be there (unit tests).
			from profregister.access import audit

			audit.record_export(data)
			return written

		writer.neutralises = True
		setattr(module, name, writer)
