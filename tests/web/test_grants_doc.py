"""docs/security.md shows the grant table as it is (it cannot drift from the code)."""

from pathlib import Path

from yizhan.web.grants import markdown_table

DOC = Path(__file__).resolve().parents[2] / "docs" / "security.md"
BEGIN, END = "<!-- grants:begin -->", "<!-- grants:end -->"


def test_security_doc_shows_the_grant_table():
    text = DOC.read_text(encoding="utf-8")
    assert BEGIN in text and END in text, f"docs/security.md lacks the {BEGIN} … {END} block"
    shown = text.split(BEGIN, 1)[1].split(END, 1)[0].strip()
    table = markdown_table()
    assert shown == table, "paste this table between the markers:\n" + table
