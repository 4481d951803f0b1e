"""Demo data of the core: the member bodies of the network and the people who work there.

``seed_demo`` runs the ``seed(*, progress)`` of every local app's ``demo`` module, this one
first: later modules build their demo data on these bodies and accounts.
"""

from .seed import seed

__all__ = ["seed"]
