"""Domain rules of the register and of CPD, free of frappe so they test in milliseconds.

Controllers translate a `DomainError` with `frappe._(err.message).format(*err.args)`.
"""
