"""The public status lookup (/open/status/?ref=…, 四、（二）) is limited per client address:
a reference cannot be found by trying many. Beyond the limit the page answers 429 with
``Retry-After`` and says nothing about the reference looked up. The limit across two server
processes is in tests/web/live/test_open_lookup_limit.py (``-m live``)."""

import datetime
import re

import pytest
from django.db.models import F
from django.test import Client
from django.urls import reverse

from yizhan.web.operations.models import StatusLookup, Ticket
from yizhan.web.operations.window import LOOKUP_WINDOW, lookup_wait, source_key

from .window_world import wworld  # noqa: F401

UNKNOWN = "20260101-XXXXXX"


@pytest.fixture
def limit(settings):
    settings.YIZHAN_PUBLIC_LOOKUPS_PER_HOUR = 3
    return 3


def look(client, ref, **extra):
    return client.get(reverse("open:status"), {"ref": ref}, **extra)


def test_lookups_beyond_the_limit_get_429_with_retry_after(wworld, limit):
    ref = Ticket.objects.filter(online=True).first().reference
    client = Client()
    assert [look(client, r).status_code for r in (ref, UNKNOWN, ref)] == [200, 404, 200]
    refused = look(client, ref)
    html = refused.content.decode()
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= LOOKUP_WINDOW.total_seconds()
    assert 'id="too-many-lookups"' in html and "查询次数过多" in html
    assert 'id="ticket-status"' not in html and 'id="not-found"' not in html


def test_a_refused_page_says_nothing_about_the_reference(wworld, limit):
    """An existing and an unknown reference get the same refusal (but for the echoed input)."""
    ticket = Ticket.objects.filter(online=True).select_related("station").first()
    client = Client()
    for _i in range(limit):
        look(client, UNKNOWN)
    pages = [look(client, r) for r in (ticket.reference, "20260101-YYYYYY")]
    assert [p.status_code for p in pages] == [429, 429]
    bodies = [p.content.decode() for p in pages]
    assert ticket.station.name not in bodies[0]
    same = [re.sub(r'value="[^"]*"', "", b) for b in bodies]  # the input echoed, a token
    assert same[0] == same[1]


def test_the_limit_resets_after_the_window(wworld, limit):
    client = Client()
    for _i in range(limit):
        assert look(client, UNKNOWN).status_code == 404
    assert look(client, UNKNOWN).status_code == 429
    StatusLookup.objects.update(at=F("at") - LOOKUP_WINDOW - datetime.timedelta(seconds=1))
    assert look(client, UNKNOWN).status_code == 404
    assert StatusLookup.objects.count() == 1  # the rows out of the window are gone


def test_the_limit_is_per_client_address(wworld, limit):
    first, second = Client(REMOTE_ADDR="10.1.2.3"), Client(REMOTE_ADDR="10.1.2.4")
    for _i in range(limit):
        look(first, UNKNOWN)
    assert look(first, UNKNOWN).status_code == 429
    assert look(second, UNKNOWN).status_code == 404


def test_behind_the_proxy_the_client_is_nginxs_x_real_ip(wworld, limit, settings):
    """From a trusted proxy the client is its X-Real-IP (TrustedProxyMiddleware, the one
    place the address is read); from anyone else the header is ignored."""
    settings.YIZHAN_TRUSTED_PROXIES = frozenset({"127.0.0.1"})
    nginx = Client(REMOTE_ADDR="127.0.0.1")
    for _i in range(limit):
        look(nginx, UNKNOWN, HTTP_X_REAL_IP="10.9.9.1")
    assert look(nginx, UNKNOWN, HTTP_X_REAL_IP="10.9.9.1").status_code == 429
    assert look(nginx, UNKNOWN, HTTP_X_REAL_IP="10.9.9.2").status_code == 404
    stranger = Client(REMOTE_ADDR="10.5.5.5")
    for _i in range(limit):
        look(stranger, UNKNOWN, HTTP_X_REAL_IP=f"10.7.7.{_i}")
    assert look(stranger, UNKNOWN, HTTP_X_REAL_IP="10.7.7.99").status_code == 429


def test_the_empty_form_is_not_a_lookup(db, limit):
    client = Client()
    for _i in range(limit + 2):
        assert client.get(reverse("open:status")).status_code == 200
    assert not StatusLookup.objects.exists()


def test_retry_after_counts_from_the_oldest_lookup_and_refusals_do_not_count(db, limit):
    key, t0 = source_key("10.0.0.1"), datetime.datetime(2026, 12, 1, 8, tzinfo=datetime.UTC)
    minute = datetime.timedelta(minutes=1)
    assert [lookup_wait(key, t0 + i * minute) for i in range(limit)] == [0] * limit
    assert lookup_wait(key, t0 + 10 * minute) == 50 * 60
    assert lookup_wait(key, t0 + 20 * minute) == 40 * 60  # the refusal above is not counted
    assert lookup_wait(key, t0 + LOOKUP_WINDOW) == 0  # the first has left the window
    assert lookup_wait(key, t0 + LOOKUP_WINDOW + minute) == 0
    assert lookup_wait(key, t0 + LOOKUP_WINDOW + 2 * minute) == 0  # the third has left
    assert lookup_wait(key, t0 + LOOKUP_WINDOW + 3 * minute) != 0


def test_the_addresses_are_not_stored(wworld, limit):
    look(Client(REMOTE_ADDR="10.1.2.3"), UNKNOWN)
    row = StatusLookup.objects.get()
    assert row.source_key == source_key("10.1.2.3") and "10.1.2.3" not in row.source_key


def test_the_refusal_in_english(db, limit):
    client = Client()
    client.post(reverse("set_language"), {"language": "en", "next": "/open/status/"})
    for _i in range(limit):
        look(client, UNKNOWN)
    html = look(client, UNKNOWN).content.decode()
    assert "Too many lookups from your network address" in html and "minutes" in html
