"""Chinese is the default language; English is selectable with the header's switcher."""

from django.urls import reverse


def test_default_language_is_chinese(world, client_for):
    page = client_for("viewer").get(reverse("registry:committee_list"))
    html = page.content.decode()
    assert '<html lang="zh-hans">' in html
    assert "社区居委会" in html and "户数" in html and "导出 Excel" in html


def test_login_page_is_chinese(db, client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert "登录" in html and "密码" in html


def test_switch_to_english(world, client_for):
    client = client_for("viewer")
    response = client.post(reverse("set_language"), {"language": "en", "next": "/registry/committees/"})
    assert response.status_code == 302
    html = client.get(reverse("registry:committee_list")).content.decode()
    assert '<html lang="en">' in html
    assert "Residential committees" in html and "Households" in html and "Export to Excel" in html
    assert "synthetic demonstration data" in html.lower()
    export = client.get(reverse("registry:committee_list") + "?export=xlsx")
    from io import BytesIO

    from openpyxl import load_workbook

    assert [c.value for c in load_workbook(BytesIO(export.content)).active[1]][:3] == [
        "code", "name", "parent"]


def test_synthetic_banner_in_chinese(world, client_for):
    html = client_for("admin").get("/", follow=True).content.decode()  # / → dashboard
    assert "合成演示数据" in html


def test_no_cdn_in_pages_and_api_docs(world, client_for):
    client = client_for("admin")
    for url in ["/", reverse("registry:committee_list"), "/api/docs", reverse("accounts:login")]:
        html = client.get(url, follow=True).content.decode()  # "/" → the dashboard
        for marker in ("cdn.", "jsdelivr", "unpkg", "googleapis", "cdnjs", "https://", "http://"):
            assert marker not in html, (url, marker)


def _catalogues():
    from pathlib import Path

    import yizhan.web

    return sorted(Path(yizhan.web.__file__).parent.glob("**/locale/*/LC_MESSAGES/django.po"))


def test_translations_live_in_the_po_files_complete_and_compiled(tmp_path):
    """Every catalogue translates every message and its .mo is the compiled .po (no
    translations kept in code to be copied in by a script)."""
    import shutil
    import subprocess

    import pytest

    if shutil.which("msgfmt") is None:
        pytest.skip("gettext's msgfmt is not installed")
    catalogues = _catalogues()
    assert len(catalogues) >= 3
    for po in catalogues:
        out = tmp_path / "django.mo"
        done = subprocess.run(["msgfmt", "--check", "--statistics", "-o", str(out), str(po)],
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert "untranslated" not in done.stderr and "fuzzy" not in done.stderr, (po, done.stderr)
        assert out.read_bytes() == po.with_suffix(".mo").read_bytes(), f"{po}: run msgfmt"
    from pathlib import Path

    import yizhan.web.planning

    assert not list(Path(yizhan.web.planning.__file__).parent.glob("locale/*.py"))
