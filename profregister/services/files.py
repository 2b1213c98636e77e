import frappe

# Personnel documents, certificates and evidence hold personal data: never public files.
PRIVATE_ATTACHMENT_DOCTYPES = {"Health Worker", "Employment", "Specialist Certificate", "CPD Evidence"}


def keep_register_attachments_private(doc, method=None):
	if doc.attached_to_doctype in PRIVATE_ATTACHMENT_DOCTYPES:
		doc.is_private = 1
