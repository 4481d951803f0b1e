"""The @CTES identifier and the internal number's rule."""

from datetime import date

import pytest

from acts.identifiers import IDENTIFIER_PATTERN, act_identifier, is_valid_number


def test_the_identifier_of_the_example():
    identifier = act_identifier(
        departement_code="35",
        siren="213502388",
        decision_date=date(2008, 2, 14),
        number="2008_12",
        nature=1,
    )
    assert identifier == "035-213502388-20080214-2008_12-DE"
    assert IDENTIFIER_PATTERN.fullmatch(identifier)


@pytest.mark.parametrize(("code", "expected"), [("2A", "02A"), ("974", "974"), ("22", "022")])
def test_the_departement_takes_three_characters(code, expected):
    identifier = act_identifier(
        departement_code=code,
        siren="213502388",
        decision_date=date(2026, 1, 5),
        number="1",
        nature=5,
    )
    assert identifier.startswith(f"{expected}-") and identifier.endswith("-BF")


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("A" * 15, True),
        ("A" * 16, False),
        ("2026_D_012", True),
        ("2026-12", False),
        ("2026_d", False),
        ("", False),
        ("DÉL1", False),
        ("١٢", False),
    ],
)
def test_internal_number(number, valid):
    assert is_valid_number(number) is valid
