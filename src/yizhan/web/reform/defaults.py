"""What the 2006 document says about organising the reform, as data (each item with its
article, numbered as the document numbers them: 三、（一） is part 三, item (一)).

The texts are the document's own words: records (like committee names), stored in Chinese and
not translated; the interface around them is.

A new reform starts from these (:func:`yizhan.web.reform.services.start_reform`); every date,
group and task is editable afterwards, per reform. Kept apart from the code that uses them so
a different document is a different table, not different code.
"""

from __future__ import annotations

from datetime import date

__all__ = ["DOCUMENT", "PHASES", "DISTRICT_GROUP", "SUBDISTRICT_GROUP", "TASKS", "CHECKLIST"]

DOCUMENT = "罗湖区整合社区工作站推行“一站多居”体制的实施方案（2006年8月14日）"

#: 七、实施步骤: (number, name, article, start, end, what)
PHASES = (
    (1, "调查摸底、宣传发动阶段", "七、（一）", date(2006, 6, 1), date(2006, 7, 31),
     "掌握社区类型、规模、人员、资产等情况，利用媒体、宣传栏、召开动员大会等形式进行广泛宣传，"
       "做到底子清、情况明、家喻户晓。"),
    (2, "组织实施阶段", "七、（二）", date(2006, 8, 1), date(2006, 8, 31),
     "有关街道办事处根据本方案精神，拟定本街道办事处具体实施方案并组织实施。"),
    (3, "检查验收阶段", "七、（三）", date(2006, 9, 1), date(2006, 9, 15),
     "对各街道办事处进行检查：组织实施情况，整合后社区办公用房、社区服务设施、户外广场的落实情况，"
       "整合后社区党组织、社区工作站、社区居委会等建章立制情况。"),
)

#: 三、（一）: the district leading group (dissolved when the work is done)
DISTRICT_GROUP = {
    "name": "罗湖区整合社区工作站推行“一站多居”体制工作领导小组",
    "article": "三、（一）",
    "office": "区民政局",
    "member_units": "区委组织部\n区民政局\n区改革办\n区人事局（编办）\n各街道办事处",
    "duties": "对整合社区工作站工作进行指导、协调、监督和检查；领导小组办公室设在区民政局，"
                "负责整合社区工作站的日常工作。",
    #: (role, name) as the document names them; users are linked afterwards
    "members": (("leader", "曾节"), ("deputy", "吴裕中"), ("deputy", "康雅丽")),
}

#: 三、（二）: one group per subdistrict office
SUBDISTRICT_GROUP = {
    "name": "%(subdistrict)s街道整合社区工作站工作领导小组",
    "article": "三、（二）",
    "office": "%(subdistrict)s街道办事处",
    "duties": "拟定本街道办事处整合社区工作站工作方案并组织实施，做好社区工作站工作人员的宣传和思想教育工作，"
                "妥善安排社区工作站人员，使社区工作站在整合过程中始终做到人心安定、队伍稳定、工作有序。",
}

#: a subdistrict's task list: (phase number, title, article)
TASKS = (
    (1, "成立街道领导小组", "三、（二）"),
    (1, "掌握社区类型、规模、人员、资产等情况", "七、（一）"),
    (1, "宣传发动：媒体、宣传栏、动员大会", "七、（一）"),
    (2, "拟定本街道具体实施方案", "七、（二）"),
    (2, "合并社区工作站，明晰各站责任边界", "二、（四）"),
    (2, "调整安排工作站工作人员（员额、待遇、经费不变）", "二、（五）"),
    (2, "同步调整设置社区党组织", "二、（六）"),
    (2, "选拔任用站长（兼党组织书记）并报备案", "二、（七）"),
    (2, "清理原工作站和居委会资产，国有资产划归区政府", "二、（八）"),
    (2, "按整合后的社区配置固本强基项目资金", "二、（九）"),
    (3, "建立健全工作站各项规章制度", "四、（四）"),
    (3, "接受区里检查验收", "七、（三）"),
)

#: the inspection checklist of 七、（三）: (key, item, article)
CHECKLIST = (
    ("organisation", "组织实施情况", "七、（三）"),
    ("office", "整合后社区办公用房落实情况（200平方米以上）", "七、（三）；二、（三）"),
    ("service", "整合后社区服务设施落实情况（900平方米以上）", "七、（三）；二、（三）"),
    ("plaza", "整合后户外文体广场落实情况（1000平方米以上）", "七、（三）；二、（三）"),
    ("party", "整合后社区党组织设立及建章立制", "七、（三）；二、（六）"),
    ("stations", "整合后社区工作站设立及建章立制", "七、（三）；二、（七）"),
    ("committees", "社区居委会保持不变并建章立制", "七、（三）；二、（十）"),
    ("rules", "内部管理制度：协商议事、廉政、站务公开、财务、学习、岗位责任制", "四、（四）"),
)
