"""Frappe-aware services shared by controllers, jobs and reports."""
