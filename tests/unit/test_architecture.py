"""The rooms keep their rules (docs/architecture.md): arrows point down, and nothing ships that is
not the app."""

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "profregister"


def imports(path: Path) -> set[str]:
	names = set()
	for node in ast.walk(ast.parse(path.read_text())):
		if isinstance(node, ast.Import):
			names.update(alias.name for alias in node.names)
		elif isinstance(node, ast.ImportFrom) and node.module:
			names.add(node.module)
			names.update(f"{node.module}.{alias.name}" for alias in node.names)
	return names


def modules(*rooms: str) -> list[Path]:
	found = [path for room in rooms for path in (APP / room).rglob("*.py")]
	assert found, rooms
	return found


def test_no_service_access_or_api_module_imports_a_report():
	offenders = {
		str(path.relative_to(APP)): sorted(name for name in imports(path) if ".report." in name)
		for path in modules("services", "access", "api", "domain")
	}
	assert {path: names for path, names in offenders.items() if names} == {}


def test_the_domain_does_not_know_frappe():
	offenders = [
		str(path.relative_to(APP))
		for path in modules("domain")
		if any(name == "frappe" or name.startswith("frappe.") for name in imports(path))
	]
	assert offenders == []


def test_access_is_not_decided_by_what_it_guards():
	"""The access room asks only the platform below it, never the services it guards or the API."""
	offenders = {
		str(path.relative_to(APP)): sorted(
			name
			for name in imports(path)
			if name.startswith(("profregister.api", "profregister.services"))
			and not name.startswith("profregister.services.platform")
		)
		for path in modules("access")
	}
	assert {path: names for path, names in offenders.items() if names} == {}


def test_no_developer_tool_ships_in_the_package():
	shipped = {path.stem for path in APP.rglob("*.py")}
	assert not shipped & {"benchmark", "demo", "demo_evidence", "replica_check", "staffing_demo", "synthetic"}
