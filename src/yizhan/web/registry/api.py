"""Registry REST endpoints: list/get/create/update/delete for each model, restricted.

One generic family (:func:`register_crud`) per model, as the HTML views are one family.
List filters are the list view's (``q`` and its filter fields), so the page and the API
filter alike. Writes: related ids must name objects the user may view (else 422); the saved
object is re-read through ``restrict`` and the transaction rolled back if it is outside the
user's scope (403).

Versions (:mod:`yizhan.web.versioning`): every object carries ``version`` and is sent with
``ETag: "<version>"``. PATCH and DELETE take ``If-Match: "<version>"`` (412 when stale) or,
for PATCH, ``"version": n`` in the body (409 when stale); the message names who changed the
object when. PATCH writes only the fields sent, with the row locked, so two PATCHes of
different fields both stick.
"""

# (no "from __future__ import annotations": ninja reads the payload annotations at runtime)

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import ConfigDict
from ninja.orm import create_schema
from ninja.pagination import paginate

from yizhan.web.params import Pagination
from yizhan.web.permissions import require, restrict, save_in_scope
from yizhan.web.registry import forms as f
from yizhan.web.registry import models as m
from yizhan.web.registry import views as v
from yizhan.web.versioning import StaleEdit, parse_if_match

router = Router(tags=["registry"])



def apply_payload(obj, data: dict, user) -> None:
    """Set fields from ``data`` on ``obj``; related ids are looked up through restrict()."""
    errors = {}
    for name, value in data.items():
        field = obj._meta.get_field(name)
        if field.is_relation and field.many_to_one:
            if value is None:
                setattr(obj, field.attname, None)
                continue
            rel = restrict(field.related_model._default_manager.filter(pk=value), user, "view")
            target = rel.first()
            if target is None:
                errors[name] = [f"不存在或不在您的管辖范围内 / not found or out of scope: {value}"]
                continue
            setattr(obj, name, target)
        else:
            if value is None and not field.null and isinstance(field, (models.CharField,
                                                                        models.TextField)):
                value = ""
            setattr(obj, name, value)
    if errors:
        raise ValidationError(errors)


def save_restricted(obj, user, action: str, update_fields=None) -> None:
    """Validate, then :func:`save_in_scope` (403 and rolled back when out of scope)."""
    obj.full_clean()
    save_in_scope(obj, user, action, update_fields=update_fields)


def check_version(request, obj, body_version: int | None = None) -> None:
    """Refuse the write if the client's version is not ``obj``'s: ``If-Match`` → 412,
    ``"version"`` in the body → 409. ``obj`` is read under ``select_for_update`` in the
    write's transaction (SQLite: the IMMEDIATE transaction's lock), so it cannot change
    between this check and the save, whose UPDATE is conditional on the version too."""
    tags = parse_if_match(request.headers.get("If-Match"))
    if tags is not None and obj.version not in tags:
        raise HttpError(412, StaleEdit(obj).message)
    if body_version is not None and body_version != obj.version:
        raise HttpError(409, StaleEdit(obj).message)


def _etag(response: HttpResponse, obj) -> None:
    response["ETag"] = f'"{obj.version}"'


class _InSchema(Schema):
    """Input accepts related ids as ``subdistrict`` (as output shows them) or ``subdistrict_id``."""

    model_config = ConfigDict(populate_by_name=True)


class _PatchSchema(_InSchema):
    version: int | None = Field(None, ge=1, description=(
        "the version the change is based on (as GET returned it); stale → 409"))


def register_crud(model: type[models.Model], prefix: str, form_class, list_view) -> None:
    name = model._meta.model_name
    fields = list(getattr(form_class, "api_fields", form_class.Meta.fields))
    out_fields = ["id", "version"] + fields + [x for x in ("subdistrict",) if hasattr(model, "subdistrict_id")
                                    and "subdistrict" not in fields]
    Out = create_schema(model, name=f"{model.__name__}Out", fields=out_fields)
    In = create_schema(model, name=f"{model.__name__}In", fields=fields, base_class=_InSchema)
    Patch = create_schema(model, name=f"{model.__name__}Patch", fields=fields,
                          optional_fields="__all__", base_class=_PatchSchema)

    @router.get(f"/{prefix}/", response=list[Out], operation_id=f"{name}_list", url_name=f"{name}_list",
                summary=f"list {name}")
    @paginate(Pagination)
    def list_objects(request):
        require(request.user, "view", model)
        view = list_view()
        view.request = request
        return view.filtered_queryset(request.GET).order_by("pk")

    @router.get(f"/{prefix}/{{int:pk}}/", response=Out, operation_id=f"{name}_read", url_name=f"{name}_read",
                summary=f"read {name}")
    def read_object(request, pk: int, response: HttpResponse):
        require(request.user, "view", model)
        obj = get_object_or_404(restrict(model._default_manager.all(), request.user, "view"),
                                pk=pk)
        _etag(response, obj)
        return obj

    @router.post(f"/{prefix}/", response={201: Out}, operation_id=f"{name}_create", url_name=f"{name}_create",
                 summary=f"create {name}")
    def create_object(request, payload: In, response: HttpResponse):
        require(request.user, "add", model)
        obj = model()
        apply_payload(obj, payload.dict(exclude_unset=True), request.user)
        save_restricted(obj, request.user, "add")
        _etag(response, obj)
        return Status(201, obj)

    @router.patch(f"/{prefix}/{{int:pk}}/", response=Out, operation_id=f"{name}_update", url_name=f"{name}_update",
                  summary=f"update {name}")
    def update_object(request, pk: int, payload: Patch, response: HttpResponse):
        require(request.user, "change", model)
        data = payload.dict(exclude_unset=True)
        body_version = data.pop("version", None)
        with transaction.atomic():
            obj = get_object_or_404(restrict(model._default_manager.select_for_update(),
                                             request.user, "change"), pk=pk)
            check_version(request, obj, body_version)
            apply_payload(obj, data, request.user)
            save_restricted(obj, request.user, "change",
                            update_fields=[obj._meta.get_field(n).attname for n in data])
        _etag(response, obj)
        return obj

    @router.delete(f"/{prefix}/{{int:pk}}/", response={204: None}, operation_id=f"{name}_delete", url_name=f"{name}_delete",
                   summary=f"delete {name}")
    def delete_object(request, pk: int):
        require(request.user, "delete", model)
        try:
            with transaction.atomic():
                obj = get_object_or_404(restrict(model._default_manager.select_for_update(),
                                                 request.user, "delete"), pk=pk)
                check_version(request, obj)
                obj.delete()
        except models.ProtectedError as exc:
            raise ValidationError("仍有关联记录，无法删除 / still referenced: " + "、".join(
                sorted({str(o) for o in exc.protected_objects})[:10])) from None
        return Status(204, None)


API_FAMILIES = [
    (m.Subdistrict, "subdistricts", f.SubdistrictForm, v.SubdistrictListView),
    (m.Committee, "committees", f.CommitteeForm, v.CommitteeListView),
    (m.Station, "stations", f.StationForm, v.StationListView),
    (m.StationMembership, "memberships", f.StationMembershipForm, v.StationMembershipListView),
    (m.Person, "people", f.PersonForm, v.PersonListView),
    (m.Post, "posts", f.PostForm, v.PostListView),
    (m.PartyOrganisation, "party-organisations", f.PartyOrganisationForm,
     v.PartyOrganisationListView),
    (m.Asset, "assets", f.AssetForm, v.AssetListView),
]

for _args in API_FAMILIES:
    register_crud(*_args)
