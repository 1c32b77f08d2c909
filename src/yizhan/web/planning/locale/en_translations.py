"""English for the planning and dashboard catalogues (message ids are the Chinese text).

``python src/yizhan/web/planning/locale/en_translations.py`` fills the ``msgstr`` of both
apps' ``locale/en/LC_MESSAGES/django.po`` after ``django-admin makemessages -l en
--no-location`` (run in each app folder); then ``msgfmt`` compiles the ``.mo``. Keys are
(context, msgid); a plural entry's value is (singular, plural).
"""

EN = {
    # report downloads (docs/reports.md)
    "参数 %(name)s 无效，可选：%(allowed)s": "The parameter %(name)s is not valid; one of: %(allowed)s",
    "街道工作人员只能下载本街道的报告。": "A subdistrict officer can only download their own subdistrict's reports.",
    "没有这个街道，或不在您的管辖范围内。": "No such subdistrict, or it is outside your scope.",
    "请选择街道。": "Choose a subdistrict.",
    "区报告": "District report",
    "实施方案": "Implementation plan",
    "备案表": "Filing form",
    "检查验收报告": "Inspection report",
    "区报告（Word）": "District report (Word)",
    "区报告（PDF）": "District report (PDF)",
    "实施方案（Word）": "Implementation plan (Word)",
    "实施方案（PDF）": "Implementation plan (PDF)",
    "备案表（Word）": "Filing form (Word)",
    "工作簿（Excel）": "Workbook (Excel)",
    "整合后地图（PNG）": "Map after (PNG)",
    "整合前地图（PNG）": "Map before (PNG)",
    "工作站边界（GeoJSON）": "Station areas (GeoJSON)",
    "工作站边界（GeoPackage）": "Station areas (GeoPackage)",
    "下载报告": "Download reports",
    "公文格式（GB/T 9704-2012）的 Word 与 PDF、Excel 工作簿、地图与地理数据，数字与本页相同。": "Word and PDF in the official-document layout (GB/T 9704-2012), the Excel workbook, maps and GIS data, with the same figures as this page.",
    "规划": "Planning", "草稿": "Draft", "已提交": "Submitted", "已批准": "Approved",
    "已退回": "Rejected", "2006年正式方案": "Official 2006 plan",
    "导入的方案文件": "Imported plan file", "规划器计算": "Planner", "现状": "Current stations",
    "排队中": "Queued", "运行中": "Running", "已完成": "Succeeded", "失败": "Failed",
    "已取消": "Cancelled", "现状（每站现有服务范围）": "Current stations (as they serve today)",
    "导入方案文件（code,station）": "Import a plan file (code,station)", "全区": "Whole district",
    "范围": "Scope", "街道工作人员只能为本街道制定方案。":
        "A subdistrict officer can only make plans for their own subdistrict.",
    "不在您的管辖范围内。": "Outside your scope.", "方案名称": "Plan name", "来源": "Source",
    "方案文件": "Plan file", "CSV，两列 code,station；UTF-8 或 GBK 编码":
        "CSV with two columns code,station; UTF-8 or GBK",
    "说明": "Description", "请选择要导入的方案文件。": "Choose the plan file to import.",
    "每行填写两个居委会编码：%(line)s": "Give two committee codes per line: %(line)s",
    "名称": "Name", "保留的工作站": "Stations to keep",
    "这些居委会的现有工作站保持不变（按住 Ctrl 多选）":
        "The current stations of these committees stay as they are (Ctrl-click to choose several)",
    "不得合并": "Never merge",
    "每行两个居委会编码，如 LH001 LH002：这两个居委会不能同属一站":
        "Two committee codes per line, e.g. LH001 LH002: they must not share a station",
    "必须合并": "Always merge",
    "每行两个居委会编码：这两个居委会必须同属一站":
        "Two committee codes per line: they must share a station",
    "工作站数": "Number of stations", "留空则由规划器决定": "Leave empty to let the planner decide",
    "每站最多居委会数": "Most committees per station", "计算时限（秒）": "Time limit (seconds)",
    "随机种子": "Random seed", "理由": "Reason", "街道": "Subdistrict",
    "空表示全区方案": "Empty for a district-wide plan", "状态": "Status", "归属": "Assignment",
    "居委会编码 → 工作站名称": "committee code → station label",
    "策略设置（TOML）": "Policy settings (TOML)", "空表示默认策略": "Empty for the default policy",
    "创建人": "Created by", "创建时间": "Created", "更新时间": "Updated", "规划方案": "Plan",
    "操作": "Action", "原状态": "From", "新状态": "To", "用户": "User", "操作人": "By",
    "时间": "Time", "请求编号": "Request id", "审批记录": "Approval log",
    "空表示全区": "Empty for the whole district", "参数": "Parameters", "进度": "Progress",
    "当前步骤": "Current step", "已请求取消": "Cancel requested", "任务编号": "Task id",
    "结果方案": "Resulting plan", "规划报告": "Planner report", "错误": "Error",
    "发起人": "Started by", "开始时间": "Started", "结束时间": "Finished",
    "规划计算": "Planner runs",
    "%(name)s（%(code)s）不在2006年正式方案中，保留为单独工作站。":
        "%(name)s (%(code)s) is not in the official 2006 plan; it keeps a station of its own.",
    "以下居委会没有归属的工作站（R1 §2(1)）：%(list)s":
        "These committees have no station (R1 §2(1)): %(list)s",
    "以下编码不是本范围内的居委会：%(list)s":
        "These codes are not committees in this scope: %(list)s",
    "文件既不是 UTF-8 也不是 GBK 编码。": "The file is neither UTF-8 nor GBK.",
    "规则": "Rule", "条款": "Article", "级别": "Severity", "对象": "Subject",
    "没有发现问题。": "No findings.", "工作站": "Stations", "户数在区间内": "Within the band",
    "区间外户数（R2）": "Households outside the band (R2)",
    "办公用房达标（R4）": "Office space met (R4)", "服务设施达标（R5）": "Service facilities met (R5)",
    "文体广场达标（R5）": "Plaza met (R5)", "目标": "Target", "要求": "Required",
    "实际": "Actual", "达成": "Attained", "未达成": "Not attained", "方案对比": "Compare plans",
    "方案甲": "Plan A", "方案乙": "Plan B", "对比": "Compare", "指标": "Metrics",
    "各街道工作站数": "Stations per subdistrict", "整合前": "Before",
    "归属不同的居委会：%(counter)s 个": ("Committees that move: %(counter)s",
                                       "Committees that move: %(counter)s"),
    "居委会": "Committees", "两个方案的分组完全相同。": "Both plans group the committees alike.",
    "新建方案": "New plan", "整合方案": "Plans", "导入预览：%(name)s": "Import preview: %(name)s",
    "方案文件有 %(counter)s 个问题，请修改后重新上传。没有创建任何方案。": (
        "The plan file has %(counter)s problem. Fix it and upload again. No plan was created.",
        "The plan file has %(counter)s problems. Fix them and upload again. No plan was created."),
    "问题": "Problem",
    "文件检查通过：每个居委会恰好属于一个工作站。以下是按政策规则检查的结果；确认后创建为草稿方案。":
        "The file is valid: every committee belongs to exactly one station. Below is the "
        "check against the policy; confirm to create it as a draft plan.",
    "确认创建方案": "Create the plan", "也可以让规划器按政策计算方案：":
        "Or let the planner compute a plan under the policy: ",
    "运行规划器": "Run the planner", "创建": "Create", "总览": "Dashboard", "地图": "Map",
    "下载方案文件": "Download plan file", "确定删除该草稿方案？": "Delete this draft plan?",
    "删除": "Delete", "审批": "Approval",
    "该方案违反 %(counter)s 条硬性规则，不能批准。": (
        "The plan breaks %(counter)s hard rule and cannot be approved.",
        "The plan breaks %(counter)s hard rules and cannot be approved."),
    "意见或理由（退回时必填）": "Comment or reason (required to reject)",
    "目标达成": "Targets", "检查发现": "Findings",
    ("severity", "违反"): "Violations", ("severity", "警告"): "Warnings",
    ("severity", "提示"): "Notes", "违反": "Violation", "警告": "Warning", "提示": "Note",
    "状态变化": "Change", "尚未提交。": "Not submitted yet.", "变更记录": "Change log",
    "户数区间 %(lo)s–%(hi)s 户（R2 §2(2)）": "band %(lo)s–%(hi)s households (R2 §2(2))",
    "户数": "Households", "户数区间": "Band", "办公用房": "Office", "服务设施": "Service",
    "文体广场": "Plaza", "连片": "Contiguous", "共 %(counter)s 个": ("%(counter)s in all",
                                                                   "%(counter)s in all"),
    "筛选": "Filter", "居委会数": "Committees", "区间外户数": "Outside band",
    "办公用房达标": "Office met", "还没有方案。": "No plans yet.",
    "规划器按政策规则（户数区间、设施达标、不跨街道且连片）计算整合方案；下面的固定条件是您事先确定、规划器必须遵守的决定。计算在后台进行，可随时取消；结果保存为草稿方案。":
        "The planner computes a consolidation plan under the policy's rules (household band, "
        "facilities, contiguous stations within one subdistrict); the pins below are "
        "decisions you have made that it must keep. It runs in the background and can be "
        "cancelled at any time; the result is saved as a draft plan.",
    "开始计算": "Start", "求解结果": "Solver result", "秒": "s", "取消计算": "Cancel run", "固定条件": "Pins",
    "还没有规划计算。": "No planner runs yet.", "低于区间": "below band", "区间内": "in band",
    "高于区间": "above band", "豁免（R3）": "exempt (R3)",
    "您的角色无权执行此操作。": "Your role may not do this.",
    "方案超出您的管辖范围，未保存。": "The plan lies outside your scope; not saved.",
    "已创建方案：%(name)s": "Plan created: %(name)s", "已导入方案：%(name)s": "Plan imported: %(name)s",
    "方案“%(name)s”现在的状态：%(status)s": "Plan “%(name)s” is now: %(status)s",
    "只能删除草稿方案。": "Only draft plans can be deleted.",
    "已删除方案：%(name)s": "Plan deleted: %(name)s",
    "户数区间外户数（R2）": "Households outside the band (R2)",
    "户数在区间内的站": "Stations within the band", "豁免站（R3）": "Exempt stations (R3)",
    "办公用房达标比例（R4）": "Share with office space (R4)",
    "服务设施达标比例（R5）": "Share with service facilities (R5)",
    "文体广场达标比例（R5）": "Share with a plaza (R5)", "全部连片（R6）": "All contiguous (R6)",
    "是": "yes", "否": "no", "被切断的相邻关系": "Borders cut between stations",
    "规划计算已排队：%(name)s": "Planner run queued: %(name)s",
    "已请求取消。": "Cancellation requested.", "已取消。": "Cancelled.",
    "提交审批": "Submit for approval", "撤回": "Withdraw", "批准": "Approve", "退回": "Reject",
    "重新编辑": "Reopen", "未知的操作：%(action)s": "Unknown action: %(action)s",
    "您的角色无权对该方案执行“%(label)s”。": "Your role may not “%(label)s” this plan.",
    "退回方案必须填写理由。": "A reason is required to reject a plan.",
    "方案当前状态为“%(status)s”，不能执行“%(label)s”。":
        "The plan is “%(status)s”; it cannot be “%(label)s”.",
    "方案违反硬性规则，不能批准：%(list)s": "The plan breaks hard rules and cannot be approved: %(list)s",
    "2006年正式方案（文件）": "Official 2006 plan (document)",
    "现状（整合前）": "Current stations (before)",
    "服务居委会": "Committees served", "工作站户数": "Station households", "平方米": "m²",
    "两方案中归属不同": "In different stations in the two plans",
    "社区居委会": "Residential committee", "图例": "Legend",
    "低于户数区间": "Below the band", "户数区间内": "Within the band",
    "高于户数区间": "Above the band",
    "豁免（R3 独立完整的大型社区）": "Exempt (R3: self-contained large community)",
    "方案": "Plan", "查看": "Show", "方案详情": "Plan details",
    "社区居委会（保持不变）": "Residential committees (unchanged)",
    "违反 / 警告": "Violations / warnings",
    "R4：办公用房≥200平方米的站100%%；R5：公共服务设施≥900平方米、户外文体广场≥1000平方米的站各≥50%%（§2(3)）。合并站的面积取成员中的最大值。":
        "R4: 100%% of stations with ≥ 200 m² office space; R5: ≥ 50%% each with ≥ 900 m² "
        "public-service facilities and with a ≥ 1,000 m² outdoor plaza (§2(3)). A merged "
        "station's area is its largest member's.",
    "各站户数与户数区间": "Households per station and the band",
    "区间 %(lo)s–%(hi)s 户": "band %(lo)s–%(hi)s households",
    "各站户数柱状图": "Bar chart of households per station", "户": "households",
    "低于区间 %(below)s 站 · 区间内 %(inband)s 站 · 高于区间 %(above)s 站 · 豁免 %(exempt)s 站（按户数从少到多排列）":
        "below the band %(below)s · within %(inband)s · above %(above)s · exempt %(exempt)s "
        "(stations sorted by households)",
    "各街道整合前后工作站数": "Stations per subdistrict, before and after",
    "整合后": "After", "合并": "Merged", "单独设站": "Kept alone", "合计": "Total",
    "图层": "Layer", "整合后：工作站（合并边界）": "After: stations (dissolved boundaries)",
    "整合前：居委会（一站一居）": "Before: committees (one station each)",
    "每站 %(lo)s–%(hi)s 户（R2 §2(2)）": "%(lo)s–%(hi)s households per station (R2 §2(2))",
    "低于 %(below)s · 区间内 %(inband)s · 高于 %(above)s · 豁免 %(exempt)s":
        "below %(below)s · within %(inband)s · above %(above)s · exempt %(exempt)s",
    "详情": "Details",
    "点击地图上的工作站或居委会查看详情。": "Click a committee on the map for its details.",
    "内网部署：未配置底图服务，仅显示边界。":
        "Intranet: no tile server configured; boundaries only.",
    "归属应为“居委会编码 → 工作站名称”的对应表。":
        "The assignment must map committee codes to station names.",
    "%(code)s 的工作站名称：":
        "Station name of %(code)s:",
    "%(code)s 的工作站名称应为1至%(limit)d个字符。":
        "The station name of %(code)s must have 1 to %(limit)d characters.",
    "计算时限应为%(low)d至%(high)d秒之间的整数。":
        "The time limit must be a whole number of seconds from %(low)d to %(high)d.",
    "随机种子应为%(low)d至%(high)d之间的整数。":
        "The random seed must be a whole number from %(low)d to %(high)d.",
    "理由：":
        "Reason: ",
}


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def fill(path) -> list[str]:
    """Fill the msgstr of every entry of ``path`` we know; returns the msgids left empty."""
    import re

    text = open(path, encoding="utf-8").read()
    head, *blocks = text.split("\n\n")
    head = head.replace("#, fuzzy\n", "").replace('"Language: \\n"', '"Language: en\\n"')
    out, missing = [head], []
    for block in blocks:
        fields, cur, comments = {}, None, []
        for line in block.split("\n"):
            if not line:
                continue
            if line.startswith("#"):
                comments.append(line)
                continue
            m = re.match(r'(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
            if m:
                cur = m.group(1)
                fields[cur] = m.group(2)
            else:
                fields[cur] += re.match(r'"(.*)"$', line).group(1)
        if "msgid" not in fields:
            continue
        unq = lambda s: s.replace('\\"', '"').replace("\\\\", "\\")  # noqa: E731
        ctx, msgid = fields.get("msgctxt"), unq(fields["msgid"])
        en = EN.get((ctx, msgid)) if ctx else EN.get(msgid)
        if en is None:
            missing.append(msgid)
        lines = [c for c in comments if not c.startswith("#, fuzzy")]
        if ctx:
            lines.append(f"msgctxt {_quote(ctx)}")
        lines.append(f"msgid {_quote(msgid)}")
        if "msgid_plural" in fields:
            lines.append(f"msgid_plural {_quote(unq(fields['msgid_plural']))}")
            one, many = en if isinstance(en, tuple) else (en or "", en or "")
            lines += [f"msgstr[0] {_quote(one)}", f"msgstr[1] {_quote(many)}"]
        else:
            lines.append(f"msgstr {_quote(en or '')}")
        out.append("\n".join(lines))
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n\n".join(out) + "\n")
    return missing


if __name__ == "__main__":
    from pathlib import Path

    web = Path(__file__).resolve().parents[2]
    for app in ("planning", "dashboard"):
        po = web / app / "locale" / "en" / "LC_MESSAGES" / "django.po"
        left = fill(po)
        print(po, "untranslated:", left)
