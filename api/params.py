"""Reading integers from query strings and form fields without surprises.

``str.isdigit()`` is True for "²" or "٣", which ``int()`` then refuses (a 500), or reads as
another number: a parameter is a number here only if it is made of ASCII digits 0-9.
"""

import re

_DIGITS = re.compile(r"[0-9]+")


def is_number(value: object, *, max_digits: int) -> bool:
    """``value`` is a string of 1 to ``max_digits`` ASCII digits."""
    return isinstance(value, str) and len(value) <= max_digits and bool(_DIGITS.fullmatch(value))
