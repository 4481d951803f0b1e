"""Sending notices to official journals (BOAMP, TED) through connectors chosen by settings.

``settings.NOTICE_CONNECTORS`` maps a channel to a dotted path of a ``Connector`` subclass; the
default for every channel is ``SimulatedConnector`` (the demo, the tests): no HTTP is ever sent
from a view, only from the task ``tenders.tasks.send_notice``, retried with backoff.
"""

from django.conf import settings
from django.utils.module_loading import import_string

from .base import Connector, PublicationError


def connector_for(channel: str) -> Connector:
    path = settings.NOTICE_CONNECTORS.get(channel)
    if not path:
        raise PublicationError(f"Aucun connecteur de publication pour « {channel} ».")
    return import_string(path)()


__all__ = ["Connector", "PublicationError", "connector_for"]
