"""The schemas ship in the repository; where the network's copy is beside it, they are the same."""

from pathlib import Path

import pytest

from .standards import schemas_dir, shared_standards_dir

SCHEMAS = [
    "ocds-1.1/release-schema.json",
    "ocds-1.1/release-package-schema.json",
    "decp-2/schema_decp_v2.0.3.json",
]


@pytest.mark.parametrize("relative", SCHEMAS)
def test_each_schema_is_in_the_repository(relative):
    assert (schemas_dir() / relative).is_file()
    assert "licence" in (schemas_dir() / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("relative", SCHEMAS)
def test_the_shipped_copy_matches_the_shared_standards_when_present(relative):
    shared: Path = shared_standards_dir() / relative
    if not shared.is_file():
        return  # a lone clone: nothing to compare with, the shipped copy is the reference
    assert (schemas_dir() / relative).read_bytes() == shared.read_bytes()
