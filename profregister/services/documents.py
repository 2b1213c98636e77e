from frappe.model import no_value_fields
from frappe.utils import cstr, flt, getdate

NUMERIC = {"Int", "Float", "Currency", "Percent", "Check"}


def changed_fields(doc) -> set[str]:
	"""Fields whose value differs from the saved one, compared by type (form dates come as strings)."""
	before = doc.get_doc_before_save()
	if not before:
		return set()

	def normal(df, value):
		if df.fieldtype in NUMERIC:
			return flt(value)
		if df.fieldtype == "Date":
			return getdate(value) if value else None
		return cstr(value)

	return {
		df.fieldname
		for df in doc.meta.fields
		if df.fieldtype not in no_value_fields
		and normal(df, doc.get(df.fieldname)) != normal(df, before.get(df.fieldname))
	}
