import unicodedata


def fold(text: str) -> str:
    """Lowercase, accent-free, single-spaced: "Plouénan" and "plouenan" must find each other."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.casefold().replace("-", " ").replace("'", " ").split())
