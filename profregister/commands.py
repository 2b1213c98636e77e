import click
from frappe.commands import get_site, pass_context


@click.command("profregister-serve")
@click.option("--port", default=8000, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on")
@pass_context
def profregister_serve(context, port: int, host: str):
	"""Frappe's development server on a chosen address: `bench serve` always listens on 0.0.0.0."""
	import frappe.app
	from werkzeug.serving import run_simple

	frappe.app._site = get_site(context)
	frappe.app._sites_path = "."
	run_simple(host, port, frappe.app.application_with_statics(), use_reloader=False, threaded=True)


commands = [profregister_serve]
