"""Two API schemas with one class name become one OpenAPI component: the second silently
documents the first's responses (reform's checklist items were documented as operations'
supervision items, found by the fuzz run). Every response/input schema name is unique."""

from collections import defaultdict


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_schema_class_names_are_unique(db):
    import yizhan.web.api  # noqa: F401 - imports every app's router and its schemas
    from ninja import Schema

    where = defaultdict(set)
    for cls in _subclasses(Schema):
        if cls.__module__.startswith("yizhan."):
            where[cls.__name__].add(cls.__module__)
    clashes = {name: mods for name, mods in where.items() if len(mods) > 1}
    assert not clashes, clashes
