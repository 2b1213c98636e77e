from profregister.timekeeping import use_current_tz_data

__version__ = "0.1.0"

use_current_tz_data()
