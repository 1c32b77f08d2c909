"""List pages read a page of rows in a fixed number of queries, however many rows it has."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from yizhan.web.context import change_context
from yizhan.web.registry import models as m


def add_committees(side, prefix, n):
    """``n`` more committees of ``side``'s subdistrict, each served by its station."""
    with change_context(label="test-setup"):
        for i in range(n):
            committee = m.Committee.objects.create(code=f"{prefix}{i:03d}", name=f"{prefix}{i}",
                                                   subdistrict=side["subdistrict"], households=100)
            m.StationMembership.objects.create(station=side["station"], committee=committee,
                                               start=datetime.date(2006, 9, 1))


def queries_for(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_committee_list_does_not_query_once_per_row(world, client_for):
    client = client_for("admin")
    side = world["own"]
    add_committees(side, "X", 2)
    few, _ = queries_for(client, "/registry/committees/")
    add_committees(side, "Y", 20)
    many, page = queries_for(client, "/registry/committees/")
    assert many == few
    assert page.count(side["station"].name) >= 20  # each row shows its current station


def test_list_cells_are_escaped_and_the_name_links_to_the_object(world, client_for):
    side = world["own"]
    with change_context(label="test-setup"):
        evil = m.Committee.objects.create(code="Z001", name="<b>坏</b>", households=1234,
                                          subdistrict=side["subdistrict"])
    page = client_for("admin").get("/registry/committees/?q=Z001").content.decode()
    assert "<b>坏</b>" not in page and "&lt;b&gt;坏&lt;/b&gt;" in page
    assert f'<a href="{evil.get_absolute_url()}">&lt;b&gt;坏&lt;/b&gt;</a>' in page
