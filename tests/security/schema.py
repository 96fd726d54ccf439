from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "post", "put", "patch", "delete")


def schema_operations(methods=METHODS) -> list[tuple[str, str]]:
    """Every (METHOD, path) of the OpenAPI schema, sorted: a new endpoint is in the sweeps the day it
    appears."""
    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    return sorted(
        (method.upper(), path) for path, operations in paths.items() for method in operations if method in methods
    )
