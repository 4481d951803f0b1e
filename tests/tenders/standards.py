"""The public standards' schemas, read from ``../shared/standards/`` beside the repository.

Nothing is fetched: the OCDS package schema names the release schema by its published URL, which
a ``referencing`` registry maps to the local file. Tests that need a schema skip, saying why,
where the folder is absent (a fresh clone elsewhere).
"""

import json
from pathlib import Path

import jsonschema
import pytest
from django.conf import settings
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4


def standards_dir() -> Path:
    return Path(settings.BASE_DIR).resolve().parent / "shared" / "standards"


def _load(relative: str) -> dict:
    path = standards_dir() / relative
    if not path.is_file():
        pytest.skip(f"{path} is absent: the public standards are not beside this repository.")
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
