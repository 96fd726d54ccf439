"""Checks every FHIR test applies: each resource is valid R4 content by fhir.resources' R4B models.
A Bundle's model does not validate the resources inside it, so each entry is validated by its type."""

import importlib

from fhir.resources.R4B.bundle import Bundle


def r4b_model(resource_type: str):
    module = importlib.import_module(f"fhir.resources.R4B.{resource_type.lower()}")
    return getattr(module, resource_type)


def assert_valid(resource: dict) -> dict:
    r4b_model(resource["resourceType"]).model_validate(resource)
    return resource


def assert_valid_searchset(body: dict, resource_type: str) -> list[dict]:
    """The bundle and each of its resources valid; returns the resources, all of ``resource_type``."""
    Bundle.model_validate(body)
    assert body["type"] == "searchset"
    resources = [entry["resource"] for entry in body.get("entry", [])]
    for resource in resources:
        assert resource["resourceType"] == resource_type
        assert_valid(resource)
    return resources


def assert_outcome(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/fhir+json")
    body = assert_valid(response.json())
    assert body["resourceType"] == "OperationOutcome"
    return body


def link(body: dict, relation: str) -> str | None:
    return next((item["url"] for item in body["link"] if item["relation"] == relation), None)
