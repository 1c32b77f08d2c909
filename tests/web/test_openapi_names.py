"""Every schema of the OpenAPI document is one class: two apps' schemas of the same name
(``ItemOut`` in reform and in operations) become one component in the document, and the
responses of one of them then violate their documented schema."""

from collections import defaultdict


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_schema_names_are_unique_in_the_openapi_document(db):
    from ninja import Schema

    from yizhan.web.api import api

    components = set(api.get_openapi_schema()["components"]["schemas"])
    classes = defaultdict(set)
    for cls in _subclasses(Schema):
        if cls.__module__.startswith("yizhan.") and cls.__name__ in components:
            classes[cls.__name__].add(f"{cls.__module__}.{cls.__qualname__}")
    assert not {name: where for name, where in classes.items() if len(where) > 1}
