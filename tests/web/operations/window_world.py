"""Test data of the service window and internal rules (四、（二）（四）) on the shared
``world``: per side a free catalogue item, one with a fee and its legal basis, a purchased
service, a ticket registered at the window and one submitted online (with a resident's name
and phone, which no public page may show); the ``own`` station has all six kinds of rules,
the ``other`` station only two.

Import the fixture into a test module: ``from .window_world import wworld  # noqa: F401``.
"""

import datetime

import pytest

from yizhan.policy.service import RULE_KINDS
from yizhan.web.context import change_context
from yizhan.web.operations import models as m

#: the resident contact details of the online tickets (must never appear on /open/)
RESIDENT = {"own": ("居民甲乙丙", "13912345678"), "other": ("居民丁戊己", "13887654321")}


def build_window(world) -> dict:
    out = {}
    with change_context(label="test-setup"):
        for side in ("own", "other"):
            station = world[side]["station"]
            free = m.ServiceItem.objects.create(
                station=station, name="居住证申办代办", kind="housing_residence",
                legal_basis="《深圳市居住证条例》", time_limit_days=3)
            fee = m.ServiceItem.objects.create(
                station=station, name="证件工本费代收", kind="administrative",
                legal_basis="《居民身份证法》", fee_fen=2000,
                fee_basis="《居民身份证法》第二十条")
            bought = m.ServiceItem.objects.create(
                station=station, name="居家养老上门服务", kind="elderly_disabled",
                delivery="purchased", provider="某社工服务中心", contract="LH-GM-2006-01",
                contract_start=datetime.date(2006, 10, 1),
                contract_end=datetime.date(2007, 9, 30), cost_fen=12_000_000)
            window = m.Ticket.objects.create(station=station, service=free,
                                             subject="办理居住证")
            name, phone = RESIDENT[side]
            online = m.Ticket(station=station, service=free, subject="咨询居住证",
                              name=name, phone=phone)
            online.online = True
            online.save()
            kinds = [k for k, _zh, _en in RULE_KINDS]
            for kind in (kinds if side == "own" else kinds[:2]):
                m.StationRule.objects.create(station=station, kind=kind,
                                             title=f"{station.name}{kind}制度",
                                             adopted=datetime.date(2006, 9, 10))
            out[side] = {"free": free, "fee": fee, "bought": bought, "window": window,
                         "online": online}
    return out


@pytest.fixture
def wworld(world):
    return build_window(world)
