"""Pure functions from the portal's rows to FHIR R4 resources (dicts ready for JSON), one module per
resource type. No ORM here: the selectors read everything a resource needs beforehand."""
