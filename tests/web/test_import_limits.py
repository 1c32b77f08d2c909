"""Import limits (issue 7, item 8): size, rows, problems listed, lookups in chunks, previews
cleaned. The big files are made in the test (tests/web/import_files.py), in well under a
second each; the benchmark benchmarks/web_import.py measures time and memory."""

import os
import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from yizhan.web.registry.import_plan import CHUNK, committees_by_code
from yizhan.web.registry.models import Committee
from yizhan.web.uploads import OversizeUpload, _directory, save_preview

from .import_files import big_csv, tiny_xlsx

HEADER = ["code", "name", "parent", "households", "office_m2", "service_m2", "plaza_m2"]
URL = "registry:committee_import"


def _row(i):
    return [f"B{i:06d}", f"委员会{i}", "黄贝", 100, 10, 10, 10]


def _csv_line(i):
    return ",".join(map(str, _row(i))) + "\n"


def _post(client, name, data):
    return client.post(reverse(URL), {"file": SimpleUploadedFile(name, data)})


def _kinds(response):
    return [p["kind"] for p in response.context["problems"]]


def test_oversize_csv_is_refused_with_the_limit_and_never_kept(world, client_for, settings):
    """Issue 7: a 50 MB CSV ran 62 s and ended in 500; here 6 MB against the 5 MB default."""
    assert settings.YIZHAN_IMPORT_MAX_BYTES == 5 * 1024 * 1024
    data = big_csv(",".join(HEADER) + "\n", _csv_line, 6_000_001)
    before = set(_directory().iterdir())
    response = _post(client_for("admin"), "big.csv", data)
    assert response.status_code == 413
    upload = response.context["form"].files["file"]
    assert isinstance(upload, OversizeUpload)  # no content: dropped chunk by chunk as it came
    assert upload.refused_size == len(data) > 5 * 1024 * 1024
    message = response.context["form"].errors["file"][0]
    assert "文件太大" in message and "5.0\xa0MB" in message
    assert set(_directory().iterdir()) == before
    assert not Committee.objects.filter(code__startswith="B").exists()


def test_a_file_at_the_limit_is_read(world, client_for, settings):
    settings.YIZHAN_IMPORT_MAX_BYTES = 2000
    data = big_csv(",".join(HEADER) + "\n", _csv_line, 1900)
    response = _post(client_for("admin"), "ok.csv", data)
    assert response.status_code == 200 and response.context["token"]
    response = _post(client_for("admin"), "big.csv", big_csv(",".join(HEADER) + "\n", _csv_line,
                                                             2100))
    assert response.status_code == 413


def test_small_xlsx_of_200000_rows_stops_at_the_row_limit(world, client_for, settings):
    """Issue 7: a 145 KB xlsx of 200,000 rows took 94 s, 600 MB and a 75 MB error page.

    The limit is lowered to 2,000 to keep the test fast: what matters is that reading stops
    at the limit (the benchmark measures the default 20,000)."""
    settings.YIZHAN_IMPORT_MAX_ROWS = 2_000
    data = tiny_xlsx(HEADER, ["B1", "委员会", "黄贝", "abc", 10, 10, 10], 200_000)
    assert len(data) < 200_000
    response = _post(client_for("admin"), "big.xlsx", data)
    assert response.status_code == 200
    assert _kinds(response) == ["too_many_rows"]  # not 200,000 bad households and codes
    problem = response.context["problems"][0]
    assert problem["row"] == 2_002  # the header, then the 2,001st data row
    assert "2000" in problem["message"]
    assert len(response.content) < 50_000
    assert not Committee.objects.filter(code__startswith="B").exists()


def test_row_limit_is_a_setting_and_counts_data_rows_only(world, client_for, settings):
    settings.YIZHAN_IMPORT_MAX_ROWS = 3
    header = ",".join(HEADER) + "\n"
    three = header + "\n" + "".join(_csv_line(i) for i in range(1, 4)) + "\n\n"
    assert _post(client_for("admin"), "three.csv", three.encode()).context["token"]
    four = header + "".join(_csv_line(i) for i in range(1, 5))
    assert _kinds(_post(client_for("admin"), "four.csv", four.encode())) == ["too_many_rows"]


def test_only_the_first_200_problems_are_listed_with_the_count_of_the_rest(world, client_for):
    text = ",".join(HEADER) + "\n" + "".join(f"B{i},甲{i},黄贝,abc,10,10,10\n"
                                             for i in range(1, 351))
    response = _post(client_for("admin"), "bad.csv", text.encode())
    assert len(response.context["problems"]) == 200
    assert response.context["more_problems"] == 150
    assert response.context["errors"] == 350
    assert "另有 150 个问题未列出" in response.content.decode()


def test_codes_are_looked_up_in_chunks(world):
    codes = [f"T{i:05d}" for i in range(2 * CHUNK + 1)] + ["T001", "T002"]
    with CaptureQueriesContext(connection) as queries:
        found = committees_by_code(codes)
    assert set(found) == {"T001", "T002"}
    assert len(queries) == 3


def test_previews_older_than_a_day_are_removed_on_the_next_import_request(world, client_for):
    old, fresh = save_preview(b"old"), save_preview(b"fresh")
    day_ago = time.time() - 24 * 3600 - 60
    os.utime(_directory() / old, (day_ago, day_ago))
    assert client_for("admin").get(reverse(URL)).status_code == 200
    assert not (_directory() / old).exists()
    assert (_directory() / fresh).exists()
    (_directory() / fresh).unlink()


def test_an_expired_preview_cannot_be_committed(world, client_for):
    client = client_for("admin")
    text = ",".join(HEADER) + "\n" + _csv_line(1)
    token = _post(client, "one.csv", text.encode()).context["token"]
    (_directory() / token).unlink()  # as the daily cleaning does
    response = client.post(reverse(URL), {"token": token}, follow=True)
    assert "导入已失效" in response.content.decode()
    assert not Committee.objects.filter(code__startswith="B").exists()


def test_the_plan_file_upload_has_the_same_limit(world, client_for, settings):
    settings.YIZHAN_IMPORT_MAX_BYTES = 1000
    data = big_csv("code,station\n", lambda i: f"T{i:05d},站{i}\n", 5000)
    response = client_for("officer").post(reverse("planning:plan_add"), {
        "name": "大", "source": "file", "scope": world["own"]["subdistrict"].pk,
        "file": SimpleUploadedFile("方案.csv", data, content_type="text/csv")})
    assert "文件太大" in response.content.decode()
