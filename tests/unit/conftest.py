import sys
from pathlib import Path

# The unit layer imports the domain package straight from the checkout, without frappe.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
