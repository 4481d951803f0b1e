"""Demo data of the core: the member bodies of the network and the people who work there.

``seed_demo`` runs the ``seed(*, progress)`` of every local app's ``demo`` module, this one
first: later modules build their demo data on these bodies and accounts.
"""

from .seed import seed

# The road-maintenance purchasing group of the demo (its drafting space, its private forum).
GROUPEMENT_VOIRIE = ("Rennes", "Brest Métropole", "Quimper", "Vannes")

__all__ = ["GROUPEMENT_VOIRIE", "seed"]
