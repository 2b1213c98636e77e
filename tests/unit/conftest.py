import sys
from pathlib import Path

# The unit layer imports the domain package straight from the checkout, without frappe, and the
# developer tools' Frappe-free modules (tools/dev/profregister_dev) the same way.
ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tools" / "dev")]
