from profregister.services.platform import exports
from profregister.timekeeping import use_current_tz_data

__version__ = "0.1.0"

use_current_tz_data()
try:
	exports.install()
except ImportError:  # no Frappe (the domain's unit tests): nothing is exported there
	pass
