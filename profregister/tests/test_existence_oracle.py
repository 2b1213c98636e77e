"""A record id is no existence oracle: through every door that takes a record's name, a record the user
may not read answers exactly as one that does not exist (the same status and the same words, the
name aside), and a record the user may read is served."""

import io
import json
import re
from datetime import date
from urllib.parse import quote, urlencode

import frappe

from profregister.tests.factories import (
	CleanTestCase,
	link_user_to_entity,
	make_certificate,
	make_employment,
	make_entity,
	make_evidence,
	make_user,
	make_worker,
)
from profregister.tests.rest import api_token, rest


def doors(doctype: str, name: str) -> dict[str, tuple]:
	"""Every way of naming one record: (HTTP method, path, keyword arguments of the request)."""
	q = lambda method, **args: f"/api/method/{method}?{urlencode(args)}"  # noqa: E731
	record = f"{quote(doctype)}/{quote(name)}"
	doc = json.dumps({"doctype": doctype, "name": name, "modified": "2026-01-01 00:00:00"})
	return {
		"REST read": ("GET", f"/api/resource/{record}", {}),
		"REST update": ("PUT", f"/api/resource/{record}", {"json": {"remarks": "x"}}),
		"REST delete": ("DELETE", f"/api/resource/{record}", {}),
		"REST method": ("POST", f"/api/resource/{record}?run_method=get_title", {}),
		"v2 read": ("GET", f"/api/v2/document/{record}", {}),
		"v2 update": ("PATCH", f"/api/v2/document/{record}", {"json": {"remarks": "x"}}),
		"v2 delete": ("DELETE", f"/api/v2/document/{record}", {}),
		"form": ("GET", q("frappe.desk.form.load.getdoc", doctype=doctype, name=name), {}),
		"form info": ("GET", q("frappe.desk.form.load.get_docinfo", doctype=doctype, name=name), {}),
		"client get": ("GET", q("frappe.client.get", doctype=doctype, name=name), {}),
		"client get by filters": ("GET", q("frappe.client.get", doctype=doctype, filters=json.dumps({"name": name})), {}),
		"client value": ("GET", q("frappe.client.get_value", doctype=doctype, fieldname="name", filters=json.dumps({"name": name})), {}),
		"client set value": ("POST", q("frappe.client.set_value", doctype=doctype, name=name, fieldname="remarks", value="x"), {}),
		"client delete": ("POST", q("frappe.client.delete", doctype=doctype, name=name), {}),
		"client save": ("POST", "/api/method/frappe.client.save", {"data": {"doc": doc}}),
		"desk save": ("POST", "/api/method/frappe.desk.form.save.savedocs", {"data": {"doc": doc, "action": "Save"}}),
		"linked with": ("GET", q("frappe.desk.form.linked_with.get", doctype=doctype, docname=name), {}),
		"link title": ("GET", q("frappe.desk.search.get_link_title", doctype=doctype, docname=name), {}),
		"validate link": ("GET", q("frappe.client.validate_link", doctype=doctype, docname=name), {}),
		"print page": ("GET", f"/printview?{urlencode({'doctype': doctype, 'name': name})}", {}),
		"print": ("GET", q("frappe.www.printview.get_html_and_style", doc=doctype, name=name), {}),
		"pdf": ("GET", q("frappe.utils.print_format.download_pdf", doctype=doctype, name=name), {}),
		"rename": ("POST", q("frappe.model.rename_doc.update_document_title", doctype=doctype, docname=name, title="x"), {}),
		"follow": ("POST", q("frappe.desk.form.document_follow.follow_document", doctype=doctype, doc_name=name, user="Administrator"), {}),
		"like": ("POST", q("frappe.desk.like.toggle_like", doctype=doctype, name=name, add="Yes"), {}),
		"assign": ("POST", q("frappe.desk.form.assign_to.add", doctype=doctype, name=name, assign_to=json.dumps(["Administrator"])), {}),
		"tag": ("POST", q("frappe.desk.doctype.tag.tag.add_tag", dt=doctype, dn=name, tag="x"), {}),
		"upload": ("POST", "/api/method/upload_file", {"data": {"file": (io.BytesIO(b"%PDF-1.4 x"), "scan.pdf"),
			"doctype": doctype, "docname": name, "fieldname": "attachment"}}),
		"comment": ("POST", q("frappe.desk.form.utils.add_comment", reference_doctype=doctype, reference_name=name, content="x", comment_email="x@example.com", comment_by="x"), {}),
	}  # fmt: skip


def answer(response, name: str) -> tuple[int, str]:
	"""What the caller learns: the status and the body, with the name asked for blanked out (and the
	random id Frappe gives every message of an error)."""
	body = response.get_data(as_text=True).replace(name, "<name>")
	return response.status_code, re.sub(r"\b[0-9a-f]{56}\b", "<id>", body)


class TestExistenceOracle(CleanTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		run = frappe.generate_hash(length=6)
		own, other = make_entity("Astana").name, make_entity("Karaganda Region").name
		cls.records = {}
		for side, entity in (("own", own), ("other", other)):
			worker = make_worker(entity).name
			make_employment(worker, entity, date(2019, 9, 1))
			cls.records[side] = {
				"Health Worker": worker,
				"Employment": frappe.db.get_value("Employment", {"health_worker": worker}),
				"Specialist Certificate": make_certificate(worker, date(2023, 1, 1), date(2028, 1, 1)).name,
				"CPD Evidence": make_evidence(worker).name,
			}
		hr = make_user(f"hr.oracle.{run}@test.profregister.kz")
		link_user_to_entity(hr, own, "HR Specialist")
		cls.token = api_token(hr)
		frappe.db.commit()

	def test_a_record_out_of_scope_answers_as_a_missing_one(self):
		oracles = []
		for doctype, name in self.records["other"].items():
			missing = f"{name}0"
			for door, (method, path, kwargs) in doors(doctype, name).items():
				forbidden = answer(rest(method, path, self.token, **kwargs), name)
				m_method, m_path, m_kwargs = doors(doctype, missing)[door]
				absent = answer(rest(m_method, m_path, self.token, **m_kwargs), missing)
				if forbidden != absent:
					oracles.append(
						(doctype, door, forbidden[0], absent[0], forbidden[1][:200], absent[1][:200])
					)
		self.assertEqual(oracles, [], "\n".join(map(str, oracles)))

	def test_a_record_in_scope_is_read(self):
		for doctype, name in self.records["own"].items():
			for door in ("REST read", "v2 read", "form", "client get", "client get by filters"):
				method, path, kwargs = doors(doctype, name)[door]
				response = rest(method, path, self.token, **kwargs)
				self.assertEqual(
					response.status_code, 200, (doctype, door, response.get_data(as_text=True)[:300])
				)
				self.assertIn(name, response.get_data(as_text=True))

	def test_what_names_no_record_is_not_refused_as_one(self):
		"""The desk's new form, a saved report view's name, a link being typed: no record is named."""
		settings = json.dumps({"fields": ["name"], "filters": []})
		asks = [
			("GET", "/api/method/frappe.desk.form.load.getdoc?doctype=Health%20Worker&name=new", {}),
			("POST", "/api/method/frappe.desk.reportview.save_report",
				{"data": {"name": f"Workers {frappe.generate_hash(length=6)}", "doctype": "Health Worker",
					"report_settings": settings}}),
			("GET", "/api/method/frappe.client.validate_link?doctype=Health%20Worker&docname=HW-NONE", {}),
		]  # fmt: skip
		for method, path, kwargs in asks:
			body = rest(method, path, self.token, **kwargs).get_data(as_text=True)
			self.assertNotIn("not found or not permitted", body, path)
