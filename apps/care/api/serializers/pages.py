"""The paginated envelope of a list's items, named for the schema."""

from functools import cache

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers


@cache
def page_of(output_class: type[serializers.Serializer]) -> serializers.Serializer:
    """The schema of one page of ``output_class`` rows, as StandardPagination returns it (one component
    per row class, however many endpoints use it)."""
    return inline_serializer(
        name=f"Paginated{output_class.__name__}List",
        fields={
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": output_class(many=True),
        },
    )
