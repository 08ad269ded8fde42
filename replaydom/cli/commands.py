"""The explicit command registry: importing a module registers its commands on `app`.

Adding a command means a module in this package and a line here.
"""

from . import schema  # noqa: F401
