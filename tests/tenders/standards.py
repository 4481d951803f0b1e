"""The public standards' schemas, shipped in the repository (``tenders/opendata/schemas/``).

Nothing is fetched: the OCDS package schema names the release schema by its published URL, which
a ``referencing`` registry maps to the local file. A missing schema is a failure, never a skip:
a validation test that cannot run must not pass CI silently.
"""

import json
from pathlib import Path

import jsonschema
import pytest
from django.conf import settings
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4


def schemas_dir() -> Path:
    return Path(settings.BASE_DIR).resolve() / "tenders" / "opendata" / "schemas"


def shared_standards_dir() -> Path:
    """The network's copy beside the repository, compared with ours when present."""
    return Path(settings.BASE_DIR).resolve().parent / "shared" / "standards"


def _load(relative: str) -> dict:
    path = schemas_dir() / relative
    if not path.is_file():
        pytest.fail(f"{path} is absent: the schemas ship with the repository, restore it.")
    return json.loads(path.read_text(encoding="utf-8"))


def ocds_package_validator() -> jsonschema.Draft4Validator:
    package = _load("ocds-1.1/release-package-schema.json")
    release = _load("ocds-1.1/release-schema.json")
    url = package["properties"]["releases"]["items"]["$ref"]
    registry = Registry().with_resource(url, Resource.from_contents(release, DRAFT4))
    return jsonschema.Draft4Validator(
        package, registry=registry, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )


def decp_schema() -> dict:
    return _load("decp-2/schema_decp_v2.0.3.json")


def decp_validator() -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(
        decp_schema(), format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )


def errors(validator, instance) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(instance)
    ]
