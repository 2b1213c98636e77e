"""Developer tools on a site, run by the bench's own Python as the bench user from the bench's sites
folder (scripts/lib.sh: dev_tool SITE COMMAND ...):

	cd ~frappe/frappe-bench/sites && ../env/bin/python ../apps/profregister/tools/dev/run.py SITE COMMAND

	demo [--workers 300] [--seed 1] [--force]   realistic synthetic register data (bulk inserts) and demo
	     [--mail-port PORT]                     users; a site that already holds as many is kept; the
	                                            outgoing Email Account on the local mail sink
	benchmark [--workers 100000] [--only NAME]  one JSON object per in-process figure (scripts/benchmark)
	replica-check                               one JSON object per check on the site's replica, exit 1
	                                            when one fails (scripts/replica check)
	login-summary                               the demo users and their password, one line
	mail [--last 10] [--show ID]                what the site sent through the local mail sink (after
	                                            sending what its queue holds): newest first, with links

The package profregister_dev sits next to this file, which Python puts first on sys.path.
"""

import argparse
import json
import sys
import warnings

import frappe


def parse_args() -> argparse.Namespace:
	parser = argparse.ArgumentParser(description="profregister's developer tools on a site")
	parser.add_argument("site")
	commands = parser.add_subparsers(dest="command", required=True)
	demo = commands.add_parser("demo", help="Load realistic synthetic register data and demo users")
	demo.add_argument("--workers", type=int, default=300, help="Number of synthetic health workers")
	demo.add_argument("--seed", type=int, default=1)
	demo.add_argument(
		"--force", action="store_true", help="Regenerate even if the site already holds that many"
	)
	demo.add_argument("--mail-port", type=int, default=None, help="The local mail sink's port")
	benchmark = commands.add_parser("benchmark", help="One JSON object per benchmark figure")
	benchmark.add_argument("--workers", type=int, default=100_000)
	benchmark.add_argument("--only", default=None, help="Measure one figure")
	commands.add_parser("replica-check", help="Reports and the submission refresh on the site's replica")
	commands.add_parser("login-summary", help="The demo users and their password")
	mail = commands.add_parser("mail", help="What the site sent through the local mail sink")
	mail.add_argument("--last", type=int, default=10, help="How many of the newest messages to list")
	mail.add_argument("--show", default=None, help="Print the message with this id")
	return parser.parse_args()


def run(args: argparse.Namespace) -> int:
	"""Print what the command gives; the exit code (replica-check: 1 when a check failed)."""
	if args.command == "demo":
		from profregister_dev.demo import make_demo
		from profregister_dev.mail import configure_outgoing

		print(json.dumps(make_demo(args.workers, args.seed, args.force)), flush=True)
		print(json.dumps(configure_outgoing(args.mail_port)), flush=True)
	elif args.command == "benchmark":
		from profregister_dev import benchmark

		for figure in benchmark.run(args.workers, args.only):
			print(json.dumps(figure), flush=True)
	elif args.command == "replica-check":
		from profregister_dev import replica_check

		checks = replica_check.run()
		for check in checks:
			print(json.dumps(check), flush=True)
		return 0 if all(check["passed"] for check in checks) else 1
	elif args.command == "login-summary":
		from profregister_dev.demo import login_summary

		print(login_summary())
	elif args.command == "mail":
		from profregister_dev import mail

		print(mail.show_mail(args.show) if args.show else mail.list_mail(args.last))
	return 0


def main() -> int:
	args = parse_args()
	# As bench runs its commands: Frappe's deprecation warnings are not the tool's output.
	warnings.simplefilter("ignore")
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	try:
		return run(args)
	finally:
		frappe.destroy()


if __name__ == "__main__":
	sys.exit(main())
