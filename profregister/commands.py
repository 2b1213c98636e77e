import click
from frappe.commands import get_site, pass_context


@click.command("profregister-demo")
@click.option("--workers", default=300, show_default=True, help="Number of synthetic health workers")
@click.option("--seed", default=1, show_default=True)
@click.option("--force", is_flag=True, help="Regenerate even if the site already holds that many")
@pass_context
def profregister_demo(context, workers: int, seed: int, force: bool):
	"""Load realistic synthetic register data (bulk inserts) and demo users."""
	import json

	import frappe

	from profregister.demo import make_demo

	frappe.init(site=get_site(context))
	frappe.connect()
	try:
		click.echo(json.dumps(make_demo(workers, seed, force)))
	finally:
		frappe.destroy()


@click.command("profregister-benchmark")
@click.option("--workers", default=100_000, show_default=True)
@click.option("--only", default=None, help="Measure one figure")
@pass_context
def profregister_benchmark(context, workers: int, only: str | None):
	"""Print one JSON object per benchmark figure (see ./scripts/benchmark)."""
	import json

	import frappe

	from profregister.benchmark import run

	frappe.init(site=get_site(context))
	frappe.connect()
	try:
		for figure in run(workers, only):
			click.echo(json.dumps(figure))
	finally:
		frappe.destroy()


@click.command("profregister-replica-check")
@pass_context
def profregister_replica_check(context):
	"""Reports and the submission refresh on the site's replica (see ./scripts/replica check)."""
	import json

	import frappe

	from profregister.replica_check import run

	frappe.init(site=get_site(context))
	frappe.connect()
	try:
		checks = run()
		for check in checks:
			click.echo(json.dumps(check))
	finally:
		frappe.destroy()
	if not all(check["passed"] for check in checks):
		raise SystemExit(1)


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


commands = [profregister_demo, profregister_benchmark, profregister_replica_check, profregister_serve]
