"""The access room: everything that decides who may see or do what, and nothing else does.

gate.py        grants from live links, query conditions and has_permission (fails closed)
reports.py     the scope a report or analytics computation runs in
clients.py     the scope of Register API clients (FHIR)
decorators.py  declared guards of whitelisted methods
endpoints.py   Frappe's generic endpoints that would go around the gate, listed once
files.py       attachments: private, claimed by one record, downloaded with it
limits.py      rate limits
links.py       roles and desk defaults that follow the users' links
"""
