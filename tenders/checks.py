"""Deployment check: production needs its own master key for sealed bids."""

from django.conf import settings
from django.core.checks import Error, register

from .crypto import master_key


@register(deploy=True)
def bids_master_key(app_configs, **kwargs) -> list[Error]:
    if settings.DEBUG:
        return []
    try:
        master_key()
    except Exception as error:
        return [Error(str(error), id="tenders.E001", hint="Voir platform/env.example.")]
    return []
