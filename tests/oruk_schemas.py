"""Validation against the Open Referral UK profile's own schemas, offline: the openapi.json's
response schemas, with its remote $refs resolved to the copies in partnership_hub/api/standard/."""

from __future__ import annotations

import json

from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from partnership_hub.api.oruk import STANDARD

REMOTE = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
OPENAPI = "urn:oruk:openapi"
LOCAL_COPIES = {
    REMOTE + "compiled/service.json": "compiled_service.json",
    REMOTE + "compiled/service_list.json": "compiled_service_list.json",
    REMOTE + "taxonomy.json": "taxonomy.json",
    REMOTE + "taxonomy_term.json": "taxonomy_term.json",
    REMOTE + "phone.json": "phone.json",
    REMOTE + "language.json": "language.json",
    OPENAPI: "openapi.json",
}


def _load(name: str) -> dict:
    return json.loads((STANDARD / name).read_text(encoding="utf-8"))


REGISTRY = Registry().with_resources(
    (uri, DRAFT202012.create_resource(_load(name))) for uri, name in LOCAL_COPIES.items()
)


def _pointer(path: str) -> str:
    return path.replace("~", "~0").replace("/", "~1")


def response_validator(path: str) -> Draft202012Validator:
    """The validator for the 200 response of ``GET path`` (a path as the standard writes it)."""
    ref = f"{OPENAPI}#/paths/{_pointer(path)}/get/responses/200/content/application~1json/schema"
    return _validator({"$ref": ref})


def schema_validator(name: str) -> Draft202012Validator:
    """The validator for one of the standard's object schemas, such as phone.json."""
    return _validator({"$ref": REMOTE + name})


def _validator(schema: dict) -> Draft202012Validator:
    return Draft202012Validator(schema, registry=REGISTRY, format_checker=Draft202012Validator.FORMAT_CHECKER)


def assert_valid(validator: Draft202012Validator, instance) -> None:
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)
