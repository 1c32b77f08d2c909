"""四、（二）: a fee above zero needs its legal basis (R14), no commercial kind (R15), a
purchased service is recorded as such — refused with the rule's article on every input path
(the catalogue form and the API; there is no catalogue import), nothing saved."""

import json
import re

import pytest
from django.urls import reverse

from yizhan.web.operations.models import ServiceItem

from .window_world import wworld  # noqa: F401

FORM = {"name": "复印代办", "kind": "administrative", "description": "", "legal_basis": "",
        "time_limit_days": "1", "fee_fen": "5.00", "fee_basis": "", "delivery": "station",
        "provider": "", "contract": "", "contract_start": "", "contract_end": "",
        "cost_fen": "", "active": "on"}


def _form(world, **changes):
    return {**FORM, "station": world["own"]["station"].pk, **changes}


def test_fee_without_legal_basis_refused_on_the_form(world, client_for):
    client = client_for("station_staff")
    page = client.post(reverse("operations:serviceitem_add"), _form(world))
    html = page.content.decode()
    assert page.status_code == 200  # the form again, with the user's input
    assert "R14" in html and "四、（二）" in html and "没有法律法规依据" in html
    assert 'value="复印代办"' in html and 'value="5.00"' in html
    assert not ServiceItem.objects.filter(name="复印代办").exists()


def test_fee_with_legal_basis_is_saved_in_fen(world, client_for):
    client = client_for("station_staff")
    page = client.post(reverse("operations:serviceitem_add"),
                       _form(world, fee_basis="《某收费办法》第五条"))
    assert page.status_code == 302
    item = ServiceItem.objects.get(name="复印代办")
    assert item.fee_fen == 500 and item.fee_text == "5.00 元"


def test_fee_without_legal_basis_refused_by_the_api(world, client_for):
    client = client_for("station_staff")
    body = {"station": world["own"]["station"].pk, "name": "复印代办",
            "kind": "administrative", "fee_fen": 500}
    r = client.post("/api/operations/services/", body, content_type="application/json")
    assert r.status_code == 422
    assert "R14" in r.json()["detail"]["fee_basis"][0]
    assert not ServiceItem.objects.filter(name="复印代办").exists()


def test_a_fee_added_later_by_patch_is_refused_too(wworld, client_for):
    item = wworld["own"]["free"]
    r = client_for("station_staff").patch(f"/api/operations/services/{item.pk}/",
                                          {"fee_fen": 100}, content_type="application/json")
    assert r.status_code == 422 and "四、（二）" in json.dumps(r.json(), ensure_ascii=False)
    assert ServiceItem.objects.get(pk=item.pk).fee_fen == 0


def test_whitespace_is_no_legal_basis(world):
    item = ServiceItem(station=world["own"]["station"], name="x", kind="administrative",
                       fee_fen=1, fee_basis="   ")
    with pytest.raises(Exception) as exc:
        item.full_clean()
    assert "R14" in str(exc.value)


@pytest.mark.parametrize("kind", ["commercial", "sales", "advertising"])
def test_no_commercial_kind_on_form_or_api(world, client_for, kind):
    client = client_for("station_staff")
    page = client.post(reverse("operations:serviceitem_add"),
                       _form(world, kind=kind, fee_fen="0"))
    assert "R15" in page.content.decode() and not ServiceItem.objects.exists()
    r = client.post("/api/operations/services/", {
        "station": world["own"]["station"].pk, "name": "代售", "kind": kind},
        content_type="application/json")
    assert r.status_code == 422 and "R15" in json.dumps(r.json(), ensure_ascii=False)


def test_purchased_service_needs_provider_contract_period_and_cost(world, client_for):
    client = client_for("station_staff")
    page = client.post(reverse("operations:serviceitem_add"),
                       _form(world, fee_fen="0", delivery="purchased"))
    assert page.content.decode().count("政府购买服务须登记") == 5
    page = client.post(reverse("operations:serviceitem_add"), _form(
        world, fee_fen="0", delivery="purchased", provider="某社工中心", contract="HT-1",
        contract_start="2006-10-01", contract_end="2007-09-30", cost_fen="120,000.00"))
    assert page.status_code == 302
    item = ServiceItem.objects.get(name="复印代办")
    assert item.cost_fen == 12_000_000 and item.cost_text == "120,000.00 元"


def test_english_message_when_the_page_is_english(world, client_for):
    client = client_for("station_staff")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.post(reverse("operations:serviceitem_add"), _form(world))
    assert "without a legal basis" in page.content.decode()


def test_station_staff_find_their_station_chosen(world, client_for):
    html = client_for("station_staff").get(reverse("operations:serviceitem_add")).content.decode()
    assert f'<option value="{world["own"]["station"].pk}" selected>' in html
    html = client_for("admin").get(reverse("operations:serviceitem_add")).content.decode()
    assert not re.search(r'value="\d+" selected', html.split('name="station"')[1].split("</select>")[0])
