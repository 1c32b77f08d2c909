"""Roster files are checked like the units file: every problem, both languages, nothing half-read."""

import pytest

from yizhan.data.importers import ImportFailed, Upload
from yizhan.data.importers.roster import load_roster, read_roster_table

PEOPLE = "人员编号,姓名,待遇\nP1,甲,G5\nP2,乙,\n"
POSTS = "person_id,org,unit,role\nP1,工作站,a,站长\nP2,station,a,staff\n"


def test_chinese_headers_and_choices_are_read():
    roster, warnings = load_roster(Upload("people.csv", PEOPLE.encode()),
                                   Upload("posts.csv", POSTS.encode("gbk")), units=["a"])
    assert list(roster.people["pay_grade"]) == ["G5", ""]
    assert list(roster.posts["role"]) == ["head", "staff"] and list(roster.posts["org"]) == ["station"] * 2
    assert warnings == []


def test_money_in_yuan_is_kept_in_fen():
    text = "asset_id,org,unit,description,owner_class,value_yuan\nA1,station,a,电脑,国有,\"1,234.56\"\n"
    frame, problems = read_roster_table(Upload("assets.csv", text.encode()), "assets")
    assert frame.loc[0, "value_fen"] == 123456 and frame.loc[0, "owner_class"] == "state"


def test_every_bad_cell_is_reported_and_nothing_is_built():
    text = ("asset_id,org,unit,description,owner_class,value_yuan\n"
            "A1,station,zz,电脑,公有,abc\nA1,party,a,桌子,,-1\n")
    with pytest.raises(ImportFailed) as exc:
        load_roster(Upload("p.csv", PEOPLE.encode()), Upload("q.csv", POSTS.encode()),
                    assets=Upload("assets.csv", text.encode()), units=["a"])
    kinds = sorted(p.kind for p in exc.value.problems)
    assert kinds == sorted(["unknown_unit", "unknown_value", "wrong_type", "duplicate_code",
                            "unknown_value", "negative"])
    assert all(p.message and p.message_en for p in exc.value.problems)


def test_a_post_of_an_unknown_person_or_a_role_of_another_organisation_is_refused():
    posts = "person_id,org,unit,role\nP9,station,a,staff\nP1,committee,a,head\n"
    with pytest.raises(ImportFailed) as exc:
        load_roster(Upload("p.csv", PEOPLE.encode()), Upload("q.csv", posts.encode()), units=["a"])
    messages = " ".join(p.message_en for p in exc.value.problems)
    assert "P9" in messages and "not a role of that kind" in messages
