"""The other ends of the transmissions behind one interface (docs/decisions/0014).

``get_gateway()`` returns the connector named by ``settings.ACTS_GATEWAY``: the built-in
simulated prefecture and Treasury (``simulated.SimulatedGateway``) by default, so that the whole
flow runs on one machine, or a connector to a real operator.
"""

from django.conf import settings
from django.utils.module_loading import import_string

from .base import Gateway, GatewayError


def get_gateway() -> Gateway:
    return import_string(settings.ACTS_GATEWAY)()


__all__ = ["Gateway", "GatewayError", "get_gateway"]
