"""The FHIR R4 directory (IHE mCSD ITI-90 search, ITI-91 updates) over the register's tables, for API
clients (Register API Client) within their scope. Set-based: a page is a few queries whatever its size.

The scope comes from the client's live record (access/clients.py): national, a region and everything
under it, or verification only (Practitioner by identifier, no personal data). A client without
personal data gets no IIN, birth date or address. Every request is written to the Register Access Log:
who, what, when, how many records.

handler.py   the entry: route a request, answer errors as OperationOutcome, write the access log
parse.py     the request's parameters checked before any query (what a verification client may ask)
query.py     ITI-90 search of Practitioner, PractitionerRole; the searcher and includes of each type
organizations.py     ITI-90 search of Organization (entities, then jurisdictions) and Endpoint; their includes
locations.py ITI-90 search of Location: the region tree and each entity's site
healthcare_services.py  ITI-90 search of HealthcareService: each entity's specialties
criteria.py  search parameters as SQL conditions
changes.py   ITI-91 _history of a type or of one resource: what changed since a moment, newest first
clock.py     stored timestamps to published instants and back, in the system zone Frappe writes in
render.py    rows to FHIR resources and bundles
paging.py    keyset pages, signed cursors, links
"""

from profregister.services.interoperability.fhir.handler import handle, log
from profregister.services.interoperability.fhir.paging import BASE_PATH

__all__ = ["BASE_PATH", "handle", "log"]
