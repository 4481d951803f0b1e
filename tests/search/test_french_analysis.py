"""French analysis: what a user types meets what the platform wrote, accents or not."""

import pytest

from search.analysis import french_terms


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("marche public", "Les marchés publics de la commune"),
        ("energie", "Rénovation énergétique et énergie renouvelable"),
        ("ÉTAT", "un état des lieux"),
        ("Etat", "L'État et les collectivités"),
    ],
)
def test_query_terms_meet_text_terms(query, text):
    assert set(french_terms(query)) <= set(french_terms(text))


def test_stop_words_including_les_are_dropped():
    assert french_terms("les marchés de la ville") == ["march", "vill"]


def test_elided_article_is_dropped():
    assert french_terms("l'énergie d’achat") == ["energ", "achat"]
