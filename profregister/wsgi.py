"""The production WSGI entry point: gunicorn serves `profregister.wsgi:application` (deploy/).

It is Frappe's own application, except that a request that fails because MariaDB or Redis is out of
reach (a restart, a failover, a killed connection) is answered 503 with Retry-After and a JSON body the
desk shows and the client may retry, never Frappe's HTML "Server Error" page: such a request was rolled
back (or never reached the database), so retrying it cannot write twice.
"""

import json

import frappe
import frappe.app
import pymysql
import redis
from werkzeug.wrappers import Response

# MariaDB client errors that mean "the server is not there", not "the query is wrong".
UNREACHABLE_DATABASE = {
	1053,  # server shutdown in progress
	1927,  # connection was killed
	2002,  # cannot connect through the socket
	2003,  # cannot connect to the server
	2006,  # server has gone away
	2013,  # lost connection during query
}
RETRY_AFTER_S = 5
# Said in all three languages at once: while the database is away, the reader's language is unknown.
MESSAGE = (
	"Қызмет уақытша қолжетімсіз: бірнеше секундтан кейін қайталаңыз. / "
	"Сервис временно недоступен: повторите через несколько секунд. / "
	"The service is briefly unavailable: try again in a few seconds."
)


def is_unavailable(error: BaseException | None) -> bool:
	"""True when the error, or one it was raised from, says a backing service is out of reach."""
	seen = set()
	while error is not None and id(error) not in seen:
		seen.add(id(error))
		if isinstance(error, redis.exceptions.ConnectionError | redis.exceptions.TimeoutError):
			return True
		if isinstance(error, pymysql.err.InterfaceError):
			return True
		if isinstance(error, pymysql.err.OperationalError) and error.args:
			if error.args[0] in UNREACHABLE_DATABASE:
				return True
		error = error.__cause__ or error.__context__
	return False


def unavailable() -> Response:
	headers = {"Retry-After": str(RETRY_AFTER_S), "Cache-Control": "no-store"}
	if frappe.request and frappe.request.path.startswith("/fhir/"):
		# A FHIR client reads an OperationOutcome, in the format it asked for; "transient" says that
		# trying again may work.
		from profregister.api import public
		from profregister.domain.fhir import formats

		try:
			kind = public.negotiate(frappe.request)[0]
		except Exception:  # a refusal's message is translated through Redis, which may be away too
			kind = formats.JSON
		body = {"resourceType": "OperationOutcome",
			"issue": [{"severity": "error", "code": "transient", "diagnostics": MESSAGE}]}  # fmt: skip
		return public.fhir_response(503, body, headers, kind)
	body, mimetype = {"exc_type": "ServiceUnavailable", "message": MESSAGE,
		"_server_messages": json.dumps([json.dumps({"message": MESSAGE, "indicator": "orange"})])}, "application/json"  # fmt: skip
	return Response(json.dumps(body, ensure_ascii=False), status=503, mimetype=mimetype, headers=headers)


_frappe_handle_exception = frappe.app.handle_exception


def handle_exception(error):
	if is_unavailable(error):
		return unavailable()
	return _frappe_handle_exception(error)


# Frappe's application looks its exception handler up at call time.
frappe.app.handle_exception = handle_exception


def application(environ, start_response):
	try:
		return frappe.app.application(environ, start_response)
	except Exception as error:
		# Raised past Frappe's handler, as by the rollback of a request whose connection is gone.
		if not is_unavailable(error):
			raise
		frappe.destroy()
		return unavailable()(environ, start_response)
