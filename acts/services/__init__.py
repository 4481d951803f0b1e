"""Writes of the acts app, one module per entity; reads are in ``acts.selectors``."""

from collectivites.errors import TooLargeError

from .accounting import accounting_file_hand_over, accounting_file_submit
from .acts import act_cancel, act_create, act_publish, act_transmit, max_request_bytes
from .classification import classification_current, classification_import
from .exchanges import exchange_answer, exchange_send
from .receipts import (
    accounting_file_answered,
    act_acknowledged,
    act_refused,
    message_acknowledged,
    message_refused,
)
from .transmission import act_hand_over, message_hand_over

__all__ = [
    "TooLargeError",
    "accounting_file_answered",
    "accounting_file_hand_over",
    "accounting_file_submit",
    "act_acknowledged",
    "act_cancel",
    "act_create",
    "act_hand_over",
    "act_publish",
    "act_refused",
    "act_transmit",
    "classification_current",
    "classification_import",
    "exchange_answer",
    "exchange_send",
    "max_request_bytes",
    "message_acknowledged",
    "message_hand_over",
    "message_refused",
]
