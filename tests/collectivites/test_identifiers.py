import pytest
from django.core.exceptions import ValidationError

from collectivites.identifiers import (
    luhn_check_digit,
    luhn_is_valid,
    validate_siren,
    validate_siret,
)


@pytest.mark.parametrize(
    "siren",
    [
        "213502388",  # Ville de Rennes
        "243500139",  # Rennes Métropole
        "732829320",
    ],
)
def test_real_sirens_are_accepted(siren):
    validate_siren(siren)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("213502389", "siren_checksum"),
        ("21350238", "siren_format"),
        ("2135023881", "siren_format"),
        ("21350238A", "siren_format"),
        (" 13502388", "siren_format"),
        ("", "siren_format"),
    ],
)
def test_bad_sirens_are_refused_with_a_reason(value, code):
    with pytest.raises(ValidationError) as error:
        validate_siren(value)
    assert error.value.code == code


def test_siret_needs_luhn_on_the_whole_number_and_on_the_siren():
    siren = "732829320"
    siret = siren + "0007"
    siret += luhn_check_digit(siret)
    validate_siret(siret)
    broken = siret[:-1] + str((int(siret[-1]) + 1) % 10)
    with pytest.raises(ValidationError) as error:
        validate_siret(broken)
    assert error.value.code == "siret_checksum"


def test_siret_whose_siren_part_is_invalid_is_refused():
    partial = "7328293210001"  # SIREN 732829321 fails Luhn
    siret = partial + luhn_check_digit(partial)
    with pytest.raises(ValidationError):
        validate_siret(siret)


def test_la_poste_establishments_follow_their_documented_exception():
    """La Poste's establishments share one SIREN; INSEE checks their digit sum modulo 5."""
    candidates = (f"356000000{nic:05d}" for nic in range(1, 100_000))
    siret = next(c for c in candidates if sum(map(int, c)) % 5 == 0 and not luhn_is_valid(c))
    validate_siret(siret)
    not_multiple_of_five = next(
        c
        for c in (f"356000000{nic:05d}" for nic in range(1, 100_000))
        if sum(map(int, c)) % 5 and not luhn_is_valid(c)
    )
    with pytest.raises(ValidationError):
        validate_siret(not_multiple_of_five)


@pytest.mark.parametrize("value", ["1234567890123", "123456789012345", "1234567890123A"])
def test_siret_format(value):
    with pytest.raises(ValidationError) as error:
        validate_siret(value)
    assert error.value.code == "siret_format"
