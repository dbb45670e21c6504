"""Figures (kg.extraction.facts) on short texts written for these tests: units and magnitudes, ranks, scale classes,
ages, scope words (全市, 全区), lists paired after 分别/依次, and what is not a figure.

Each test runs the whole per-document pipeline on a document made in memory; the places and firms are made up or
common, so the tests exercise the grammar of figures rather than a gazetteer entry.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.building.pipeline import extract_document
from kg.extraction.facts import normalise_value, parse_number
from kg.model import Extraction, Fact
from kg.text.documents import make_document


def extract(text: str) -> Extraction:
    return extract_document(make_document("probe.txt", "probe.txt", text.encode("utf-8")))


def describe(ex: Extraction) -> str:
    return ", ".join(f"{f.subject}/{f.metric}={f.value}{f.unit}[{f.rule}]" for f in ex.facts)


def by_value(ex: Extraction, value: float, unit: str) -> list[Fact]:
    return [f for f in ex.facts if f.value == pytest.approx(value) and f.unit == unit]


@pytest.mark.parametrize(("text", "value"), [("932.4", "932.4"), ("1,200", "1200"), ("千", "1000"),
                                              ("二十", "20"), ("一百五十", "150"), ("两", "2")])
def test_numbers_in_figures_and_words(text: str, value: str) -> None:
    assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize(("sentence", "value", "unit"), [
    ("2024年，宜宾临港经开区规上工业企业达到1.2万余个。", 1.2, "万个"),
    ("2024年，宜宾临港经开区引进项目20多个。", 20, "个"),
    ("2024年，宜宾临港经开区完成技改投资3100多万元。", 3100, "万元"),
    ("2024年，宜宾临港经开区汽车产业规模达580亿。", 580, "亿"),
    ("2024年，宜宾临港经开区新投产项目全部达产后可形成600个亿的产值。", 600, "亿"),
])
def test_number_unit_and_magnitude_as_written(sentence: str, value: float, unit: str) -> None:
    ex = extract(sentence)
    assert by_value(ex, value, unit), describe(ex)


def test_a_restated_headline_figure_is_kept_once_with_its_full_unit() -> None:
    ex = extract("3000亿，再出发！\n\n2024年，宜宾临港经开区地区生产总值突破3000亿元。")
    found = [f for f in ex.facts if f.value == pytest.approx(3000)]
    assert [f.unit for f in found] == ["亿元"], describe(ex)


@pytest.mark.parametrize("sentence", [
    "宜宾临港经开区3个月前启动了这一工程。",
    "商务部对全国230家国家级经开区开展了评估，宜宾临港经开区名列其中。",
])
def test_relative_times_and_surveyed_populations_are_not_figures(sentence: str) -> None:
    ex = extract(sentence)
    assert not ex.facts, describe(ex)


def test_ranks_keep_their_written_unit_and_default_to_wei() -> None:
    ex = extract("2024年，宜宾临港经开区地区生产总值同比增长9.1%，位列全省第三；进出口总额居全国第12位。")
    third, twelfth = by_value(ex, 3, "位"), by_value(ex, 12, "位")
    assert third and twelfth, describe(ex)
    assert "排名" in third[0].metric and "全省" in third[0].metric, describe(ex)
    assert all(f.subject == "宜宾临港经开区" for f in third + twelfth), describe(ex)


@pytest.mark.parametrize("sentence", [
    "宜宾临港经开区启动第三代半导体项目。",
    "宜宾临港经开区第一次举办招商大会。",
])
def test_ordinals_that_are_not_ranks_are_not_figures(sentence: str) -> None:
    ex = extract(sentence)
    assert not [f for f in ex.facts if f.unit in ("位", "名")], describe(ex)


def test_a_list_of_ranks_after_yici_pairs_with_the_list_of_names() -> None:
    ex = extract("进入前十的有宜宾临港经开区、泸州高新区和自贡高新区，依次排在第二名、第五名、第九名。")
    pairs = {(f.subject, f.value, f.unit) for f in ex.facts}
    assert pairs >= {("宜宾临港经开区", 2, "名"), ("泸州高新区", 5, "名"), ("自贡高新区", 9, "名")}, describe(ex)


def test_a_scale_class_is_a_fact_of_each_listed_project_at_its_threshold() -> None:
    ex = extract("宜宾临港经开区将重点推进长江锂电材料基地项目、临港智能终端产业园项目等百亿级项目落地。")
    found = by_value(ex, 100, "亿元")
    assert {f.subject for f in found} >= {"长江锂电材料基地项目", "临港智能终端产业园项目"}, describe(ex)


def test_a_scale_class_before_a_count_qualifies_what_is_counted() -> None:
    ex = extract("2024年，宜宾临港经开区共引进投资规模在百亿级以上的项目3个。")
    assert not by_value(ex, 100, "亿元"), describe(ex)
    assert by_value(ex, 3, "个"), describe(ex)


def test_the_age_of_an_organisation_is_a_fact() -> None:
    ex = extract("今年是宜宾临港经开区成立20周年。")
    assert [(f.subject, f.unit) for f in by_value(ex, 20, "周年")] == [("宜宾临港经开区", "周年")], describe(ex)


def test_whole_city_figures_belong_to_the_city_the_report_is_about() -> None:
    ex = extract("宜宾市人民政府工作报告\n\n各位代表：\n\n过去一年，四川省经济稳中向好。\n\n"
                 "预计全市地区生产总值增长6.5%；一般公共预算收入210亿元。")
    found = by_value(ex, 6.5, "%") + by_value(ex, 210, "亿元")
    assert len(found) == 2 and {f.subject for f in found} == {"宜宾市"}, describe(ex)


def test_a_count_of_unnamed_firms_is_described_by_what_follows_it() -> None:
    ex = extract("2024年，宜宾临港经开区工业营收增长12%；6家企业入选省级专精特新企业名单。")
    six = by_value(ex, 6, "家")
    assert six and six[0].subject == "宜宾临港经开区" and "入选" in six[0].metric, describe(ex)


def test_firms_listed_before_deng_are_examples_of_what_is_counted() -> None:
    ex = extract("2024年，宜宾临港经开区工业营收增长12%。\n\n宁德时代、比亚迪等15个重大项目开工建设，总投资86亿元。")
    found = by_value(ex, 15, "个") + by_value(ex, 86, "亿元")
    assert len(found) == 2 and {f.subject for f in found} == {"宜宾临港经开区"}, describe(ex)


def test_an_industry_figure_of_a_whole_region_is_the_regions() -> None:
    ex = extract("2024年，宜宾市锂电产业营收达到860亿元。\n\n到2027年，全市锂电产业营收力争突破1500亿元。")
    found = by_value(ex, 860, "亿元") + by_value(ex, 1500, "亿元")
    assert len(found) == 2 and {f.subject for f in found} == {"宜宾市"}, describe(ex)


def test_an_industry_clusters_figures_are_its_places_with_the_cluster_in_the_metric() -> None:
    """As the development gold has it (4 of its 262 facts have an industry subject, all scale classes or odd)."""
    ex = extract("2024年，宜宾临港经开区的锂电池产业集群营收320亿元，同比增长10%。")
    found = by_value(ex, 320, "亿元")
    assert found and found[0].subject == "宜宾临港经开区" and "集群" in found[0].metric, describe(ex)


def test_a_range_is_two_facts_with_the_unit_written_once() -> None:
    ex = extract("2024年，宜宾临港经开区本地配套率提高到50至60%。")
    assert by_value(ex, 50, "%") and by_value(ex, 60, "%"), describe(ex)


def test_approximate_words_keep_the_written_number() -> None:
    ex = extract("2024年，宜宾临港经开区营收超400亿元，税收近18亿元，引进项目20余个。")
    assert by_value(ex, 400, "亿元") and by_value(ex, 18, "亿元") and by_value(ex, 20, "个"), describe(ex)


def test_a_target_keeps_its_word_in_the_metric() -> None:
    ex = extract("到2027年，宜宾临港经开区工业营收力争突破1500亿元。")
    found = by_value(ex, 1500, "亿元")
    assert found and "力争" in found[0].metric, describe(ex)


def test_a_quoted_figure_is_the_speakers_firms_when_the_speaker_follows() -> None:
    ex = extract("2024年，宜宾临港经开区新签约项目12个。“我们的本地配套率从三年前的20%提高到了45%。”"
                 "浙江启衡储能科技股份有限公司总经理王明说。")
    found = by_value(ex, 45, "%")
    assert found and found[0].subject == "浙江启衡储能科技股份有限公司", describe(ex)


def test_a_name_after_a_relative_clause_about_its_place_opens_the_clause() -> None:
    ex = extract("宜宾临港经开区加快发展。\n\n位于宜宾临港经开区的浙江启衡储能科技股份有限公司2024年实现营收9.3亿元。")
    found = by_value(ex, 9.3, "亿元")
    assert found and found[0].subject == "浙江启衡储能科技股份有限公司", describe(ex)


def test_the_head_of_a_built_by_phrase_owns_the_figure() -> None:
    ex = extract("2024年，浙江启衡储能科技股份有限公司与四川大学合作建设的锂电中试平台已服务园区企业46家。")
    found = by_value(ex, 46, "家")
    assert found and found[0].subject == "锂电中试平台", describe(ex)


def test_a_bare_magnitude_normalises_to_its_number() -> None:
    assert normalise_value(Decimal("580"), "亿") == (Decimal("58000000000"), "")
    assert normalise_value(Decimal("932.4"), "亿元") == (Decimal("93240000000.0"), "CNY")


def test_an_approximate_round_number_is_a_figure() -> None:
    ex = extract("2024年，宜宾临港经开区吸引近百家配套企业落户，赋能服务制造企业近万家。")
    assert by_value(ex, 100, "家") and by_value(ex, 1, "万家"), describe(ex)


def test_a_round_magnitude_in_words_is_a_figure_only_when_reached() -> None:
    ex = extract("2024年，宜宾临港经开区连续五年实现百亿元增长，工业总产值跨过千亿元。")
    assert [f.value for f in by_value(ex, 1000, "亿元")] == [1000], describe(ex)
    assert not by_value(ex, 100, "亿元"), describe(ex)


def test_figures_after_fenbie_pair_with_the_listed_metrics() -> None:
    ex = extract("2024年，宜宾临港经开区办理时间、办理环节分别压减68%和80%。")
    metrics = {f.value: f.metric for f in ex.facts}
    assert metrics.get(68.0) == "办理时间压减" and metrics.get(80.0) == "办理环节压减", describe(ex)


def subjects_of(ex: Extraction, value: float, unit: str) -> list[str]:
    return [f.subject for f in by_value(ex, value, unit)]


def test_a_figure_in_brackets_after_a_name_is_that_names() -> None:
    ex = extract("岳阳市企业入选\n\n今年，岳阳市共有9家企业入选，分别来自汨罗市（5家）和平江县（4家）。")
    assert subjects_of(ex, 5, "家") == ["汨罗市"], describe(ex)
    assert subjects_of(ex, 4, "家") == ["平江县"], describe(ex)


def test_a_place_before_a_colon_labels_the_passage_and_the_firm_after_it_owns_the_figures() -> None:
    ex = extract("浏阳市企业获评\n\n浏阳市：湖南星河材料科技有限公司入选省级名单，"
                 "该公司专注负极材料，2024年营收5.2亿元。")
    assert subjects_of(ex, 5.2, "亿元") == ["湖南星河材料科技有限公司"], describe(ex)


def test_a_province_target_list_cut_at_semicolons_stays_the_provinces() -> None:
    ex = extract("湖南省印发制造业行动方案\n\n方案提出，到2027年，全省力争实现营收1.5万亿元；"
                 "培育营收超200亿元的园区8家；新增绿色工厂50家以上。\n\n其中，长沙经济技术开发区被列为示范园区。")
    assert subjects_of(ex, 8, "家") == ["湖南省"], describe(ex)
    assert subjects_of(ex, 50, "家") == ["湖南省"], describe(ex)
    assert not by_value(ex, 200, "亿元"), describe(ex)  # a threshold qualifying the count, not a figure


def test_a_sum_qualifying_a_count_is_not_a_figure_but_a_sum_describing_a_project_is() -> None:
    ex = extract("2024年，宜宾临港经开区培育产值超百亿元的企业3家。")
    assert not by_value(ex, 100, "亿元"), describe(ex)
    ex = extract("2024年，湖南星河材料科技有限公司总投资72亿元的10GWh电池项目开工。")
    assert by_value(ex, 72, "亿元"), describe(ex)


def test_a_firms_named_base_owns_its_figures() -> None:
    ex = extract("湖南星河材料科技有限公司浏阳基地今年投产\n\n作为龙头企业，星河材料浏阳基地2024年实现营收36亿元。")
    assert subjects_of(ex, 36, "亿元") == ["湖南星河材料科技有限公司浏阳基地"], describe(ex)


def test_a_firms_project_owns_the_clause_unless_the_text_says_the_firm() -> None:
    ex = extract("湖南星河材料科技有限公司负极材料二期项目完成设备安装，预计年新增产值8亿元。"
                 "湖南云岭机械股份有限公司智能装备项目建成投产，该公司全年实现产值9亿元。")
    assert subjects_of(ex, 8, "亿元") == ["负极材料二期项目"], describe(ex)
    assert subjects_of(ex, 9, "亿元") == ["湖南云岭机械股份有限公司"], describe(ex)


def test_a_firm_described_as_settled_in_the_park_opens_its_sentence() -> None:
    ex = extract("长沙经济技术开发区引进配套企业\n\n"
                 "落户园区的湖南星河材料科技有限公司是首批企业之一，其产品60%销往海外。")
    assert subjects_of(ex, 60, "%") == ["湖南星河材料科技有限公司"], describe(ex)


def test_a_sum_a_measure_offers_is_the_policys() -> None:
    ex = extract("株洲市出台新政\n\n今年，株洲高新区出台《株洲高新区支持先进陶瓷产业发展若干措施》，"
                 "对新认定的省级创新平台给予最高300万元奖励。")
    assert [f.subject.strip("《》") for f in by_value(ex, 300, "万元")] == ["株洲高新区支持先进陶瓷产业发展若干措施"], \
        describe(ex)
    ex = extract("株洲高新区今年对新认定的省级创新平台给予最高300万元奖励。")
    assert not by_value(ex, 300, "万元"), describe(ex)  # no measure named: not the park's figure either


MEASURES = ("宜宾三江新区发布新能源装备扶持政策\n\n"
            "近日，宜宾三江新区管委会印发《宜宾三江新区促进新能源装备产业发展若干措施》（以下简称《措施》）。据介绍，《措施》主要包括以下内容：\n"
            "（一）支持项目落地。对设备投资额5000万元以上的项目，按设备投资额的8%给予补助，单个项目最高1500万元。\n"
            "（二）支持企业升级。对首次获评国家级专精特新“小巨人”企业的，给予一次性奖励80万元。\n"
            "（三）支持平台建设。对新获批省级创新平台的，给予最高200万元支持。\n"
            "（四）强化配套协同。对本地配套采购比例超过40%的整机企业，按采购额的3%给予奖励。\n")


@pytest.mark.parametrize("value, unit", [(5000, "万元"), (8, "%"), (1500, "万元"), (40, "%"), (3, "%")])
def test_a_measures_rate_cap_and_threshold_are_the_policys(value: float, unit: str) -> None:
    """The grant's rate named after it (按…的8%给予补助), its cap (单个项目最高…) and who qualifies (对…5000万元以上的
    项目), also in the fourth numbered measure, three paragraphs below the policy's name."""
    ex = extract(MEASURES)
    subjects = [f.subject.strip("《》") for f in by_value(ex, value, unit)]
    assert subjects == ["宜宾三江新区促进新能源装备产业发展若干措施"], describe(ex)


def test_a_project_that_is_to_get_a_grant_owns_the_sum() -> None:
    ex = extract(MEASURES + "首批拟支持项目同步公布。其中，宜宾锂峰科技有限公司正极材料扩产项目拟获补助900万元。\n")
    assert [f.subject for f in by_value(ex, 900, "万元")] == ["正极材料扩产项目"], describe(ex)


def test_projects_signed_at_an_event_go_to_the_park_that_hosts_it() -> None:
    ex = extract("湘潭市招商引资成果丰硕\n\n3月8日，湘潭市重点产业项目集中签约仪式在湘潭经济技术开发区举行，"
                 "15个项目现场签约，总投资120亿元。")
    assert subjects_of(ex, 120, "亿元") == ["湘潭经济技术开发区"], describe(ex)
    assert subjects_of(ex, 15, "个") == ["湘潭经济技术开发区"], describe(ex)


@pytest.mark.parametrize("line, value, unit", [("答：共15条，重点包括三个方面。", 15, "条"),
                                               ("01｜华昕电子：12亿元智能终端项目签约", 12, "亿元")])
def test_a_figure_with_no_word_of_what_it_counts_is_not_the_topics(line: str, value: float, unit: str) -> None:
    ex = extract("柳州高新区发布新政\n\n柳州高新区今年产值增长一成。\n问：这次出台的措施有哪些内容？\n" + line)
    assert not by_value(ex, value, unit), describe(ex)


def test_a_governments_work_report_is_about_its_place_however_often_it_names_a_park() -> None:
    ex = extract("信阳市2026年政府工作报告（摘录）\n\n"
                 "过去一年，全市地区生产总值增长5.6%，其中信阳高新区增长9.1%，信阳高新区新引进项目32个，"
                 "信阳高新区获批省级创新平台5个，信阳高新区新增规上企业41家。\n"
                 "（一）产业集群加快成势。深入实施制造业倍增行动，食品、装备制造两大主导产业营收突破1800亿元。")
    assert subjects_of(ex, 1800, "亿元") == ["信阳市"], describe(ex)


def test_a_firm_named_before_its_registered_capital_owns_it() -> None:
    ex = extract("兰州新区电子信息产业提速\n\n甘肃陇原光电科技集团股份有限公司（简称“陇原光电”）"
                 "拟向兰州陇原显示技术有限公司（简称“陇原显示”）增资10亿元，增资完成后陇原显示注册资本将由6亿元增至16亿元。")
    assert subjects_of(ex, 16, "亿元") == ["兰州陇原显示技术有限公司"], describe(ex)
    assert subjects_of(ex, 6, "亿元") == ["兰州陇原显示技术有限公司"], describe(ex)


def test_a_project_after_its_firm_and_the_firms_short_name_owns_the_figure() -> None:
    ex = extract("首批拟支持项目公布\n\n其中，赣州金岭磁材科技有限公司（金岭磁材）"
                 "年产5000吨高性能钕铁硼磁材项目拟获补助1200万元，项目总投资16亿元。")
    assert subjects_of(ex, 1200, "万元") == ["年产5000吨高性能钕铁硼磁材项目"], describe(ex)
    assert [f.metric for f in by_value(ex, 1200, "万元")] == ["拟获补助"], describe(ex)
    assert subjects_of(ex, 16, "亿元") == ["年产5000吨高性能钕铁硼磁材项目"], describe(ex)


def test_the_firm_named_before_a_local_supply_rate_owns_it() -> None:
    ex = extract("西安高新区集成电路产业链\n\n陕西华锐微电子股份有限公司（简称“华锐微电子”）是链主企业。其中，"
                 "西安晶源半导体材料有限公司为华锐微电子供应电子特气，带动华锐微电子本地配套率提升至35%。")
    assert subjects_of(ex, 35, "%") == ["陕西华锐微电子股份有限公司"], describe(ex)


def test_a_place_report_stays_the_places_after_a_paragraph_opened_by_its_parks() -> None:
    ex = extract("博爱县2026年政府工作报告（节选）\n\n"
                 "博爱经济技术开发区完成工业总产值485亿元；博爱数字经济产业园引进相关企业近60家。\n"
                 "（三）重大项目加快推进。全年实施亿元以上项目96个，完成投资212亿元。")
    assert subjects_of(ex, 96, "个") == ["博爱县"], describe(ex)
    assert subjects_of(ex, 212, "亿元") == ["博爱县"], describe(ex)


@pytest.mark.parametrize("clause, value", [("出口占三成", 3), ("高新技术企业占了大约四成", 4), ("智算占比超过九成", 9)])
def test_a_share_in_tenths_is_a_figure(clause: str, value: float) -> None:
    ex = extract(f"宁波凯拓高分子材料股份有限公司今年营收12亿元，{clause}。")
    assert subjects_of(ex, value, "成") == ["宁波凯拓高分子材料股份有限公司"], describe(ex)


def test_cheng_as_a_verb_is_no_figure() -> None:
    ex = extract("宁波凯拓高分子材料股份有限公司今年营收12亿元，一期厂房已建成投产，三成为出口订单。")
    assert [f.unit for f in ex.facts if f.unit == "成"] == [], describe(ex)


def test_an_investment_is_the_projects_the_next_clause_builds_with_it() -> None:
    ex = extract("宿迁经开区签约新项目\n\n江苏恒瑞光伏科技有限公司拟投资38亿元，建设年产5GW高效电池片项目。"
                 "浙江华丰新材料科技股份有限公司将投资18亿元，在宿迁经开区建设年产5万吨复合膜项目。")
    assert subjects_of(ex, 38, "亿元") == ["年产5GW高效电池片项目"], describe(ex)
    assert subjects_of(ex, 18, "亿元") == ["年产5万吨复合膜项目"], describe(ex)


def test_the_park_whose_signing_event_is_held_owns_the_figures_of_the_event() -> None:
    ex = extract("3月18日上午，宿迁运河湾经济技术开发区（以下简称“运河湾经开区”）春季重大项目集中签约活动举行。"
                 "活动现场共签约项目12个，协议总投资103.6亿元。宿迁市副市长林海涛出席活动。")
    assert subjects_of(ex, 103.6, "亿元") == ["宿迁运河湾经济技术开发区"], describe(ex)


def test_a_policys_first_batch_and_the_money_it_sets_aside_are_the_policys() -> None:
    ex = extract(MEASURES + "【相关新闻】《措施》首批支持名单出炉\n记者获悉，首批支持名单已公示，共有23个项目入围，"
                 "拟安排补助资金约4.6亿元。\n")
    policy = ["宜宾三江新区促进新能源装备产业发展若干措施"]
    assert [f.subject.strip("《》") for f in by_value(ex, 23, "个")] == policy, describe(ex)
    assert [f.subject.strip("《》") for f in by_value(ex, 4.6, "亿元")] == policy, describe(ex)


def test_thresholds_listed_together_are_the_measures() -> None:
    ex = extract(MEASURES + "（五）强化链主引领。对年营收首次突破100亿元、300亿元的链主企业，"
                 "分别一次性奖励500万元、1000万元。\n")
    policy = ["宜宾三江新区促进新能源装备产业发展若干措施"]
    assert [f.subject.strip("《》") for f in by_value(ex, 100, "亿元")] == policy, describe(ex)


def test_what_both_parties_put_in_is_the_platform_they_build_together() -> None:
    ex = extract("惠州储能产业链加快集聚\n\n惠州华瀚储能科技股份有限公司与岭南理工大学共建长时储能材料联合实验室，"
                 "双方计划三年内投入研发经费1.5亿元。")
    assert subjects_of(ex, 1.5, "亿元") == ["长时储能材料联合实验室"], describe(ex)


def test_shili_the_city_speaking_of_itself_is_the_city() -> None:
    ex = extract("潍坊市公布优质企业榜单\n\n潍坊高新区上榜19家，继续领跑；潍坊高新区新增瞪羚企业8家。"
                 "按照工作方案，市里首次认定三条重点产业链的链主企业9家。")
    assert subjects_of(ex, 9, "家") == ["潍坊市"], describe(ex)


def test_a_clusters_figures_are_the_clusters_and_an_industrys_are_its_places() -> None:
    text = ("钦州市2025年工业经济运行情况\n\n钦州市全年工业总产值1200亿元，其中绿色化工产业集群营收突破420亿元。"
            "钦州港经济技术开发区今年船舶制造产业产值86亿元。")
    ex = extract(text)
    assert [f.subject for f in by_value(ex, 420, "亿元")] == ["绿色化工产业集群"], describe(ex)
    assert [f.subject for f in by_value(ex, 86, "亿元")] == ["钦州港经济技术开发区"], describe(ex)


def test_a_products_output_in_a_sentence_about_a_firm_is_the_firms() -> None:
    text = ("作为包头市稀土产业链链主企业，内蒙古北方瑞丰稀土股份有限公司去年实现营业收入98.5亿元，同比增长12.1%，"
            "稀土永磁材料产量约6.2万吨。包头市今年稀土产业产值达到900亿元。")
    ex = extract(text)
    assert [f.subject for f in by_value(ex, 6.2, "万吨")] == ["内蒙古北方瑞丰稀土股份有限公司"], describe(ex)
    assert [f.subject for f in by_value(ex, 900, "亿元")] == ["包头市"], describe(ex)


def test_yuanqu_far_from_the_parks_name_is_the_one_park_the_text_is_about() -> None:
    text = ("访赣州市南康家具产业园管委会主任\n\n赣州市南康家具产业园位于赣州市南康区。赣州市近年来产业发展很快。"
            "赣州市的交通条件很好。赣州市的人才也在回流。赣州市还在招商。赣州市服务企业很用心。赣州市环境不错。"
            "今年园区的目标是产值突破480亿元。")
    ex = extract(text)
    assert [f.subject[-7:] for f in by_value(ex, 480, "亿元")] == ["南康家具产业园"], describe(ex)


def test_a_measures_terms_are_the_policys_and_a_policy_opening_a_clause_owns_its_figure() -> None:
    text = ("三亚市印发《三亚市支持低空经济发展若干措施》（以下简称《若干措施》）。\n\n"
            "（一）对新开通低空物流航线的企业，按每条航线每年最高40万元给予运营补贴。\n\n"
            "（二）对低空制造项目，按设备投资额的6%至12%给予补助。\n\n"
            "《若干措施》预计每年兑现资金约4亿元。")
    ex = extract(text)
    policy = "《三亚市支持低空经济发展若干措施》"
    for value, unit in ((40, "万元"), (6, "%"), (12, "%"), (4, "亿元")):
        assert [f.subject for f in by_value(ex, value, unit)] == [policy], describe(ex)


def test_an_interview_answer_speaks_for_the_speakers_organisation() -> None:
    text = ("对话链主\n\n赣州经济技术开发区位于赣州市。"
            "赣州瑞丰钨材股份有限公司董事长刘振华、赣州经济技术开发区管委会主任陈立新接受了记者采访。\n\n"
            "记者：公司这几年发展如何？\n\n"
            "刘振华：现在毛坯产能达到2.6万吨，研发人员有210人。\n\n"
            "记者：园区呢？\n\n"
            "陈立新：今年规划面积扩大到32平方公里。")
    ex = extract(text)
    assert [f.subject for f in by_value(ex, 2.6, "万吨")] == ["赣州瑞丰钨材股份有限公司"], describe(ex)
    assert [f.subject for f in by_value(ex, 210, "人")] == ["赣州瑞丰钨材股份有限公司"], describe(ex)
    assert [f.subject for f in by_value(ex, 32, "平方公里")] == ["赣州经济技术开发区"], describe(ex)


def test_a_field_labelling_the_passage_is_not_the_subject_of_the_firm_after_it() -> None:
    text = ("望奎先锋工业园区前三季度发展情况\n\n园区确定了玉米深加工、乳制品、生物发酵三大主导产业。\n\n"
            "乳制品方面，绥化雪原乳业有限公司与飞鹤乳业签订了代工协议，前三季度加工生鲜乳16.8万吨，实现产值7.4亿元。")
    ex = extract(text)
    assert [f.subject for f in by_value(ex, 7.4, "亿元")] == ["绥化雪原乳业有限公司"], describe(ex)
    assert [f.subject for f in by_value(ex, 16.8, "万吨")] == ["绥化雪原乳业有限公司"], describe(ex)


def test_a_clause_opened_by_a_bare_yanjiuyuan_goes_on_in_the_clauses_after_it() -> None:
    text = ("成都高新区产学研合作推进会\n\n推进会上，成都市人民政府与西南交通大学签署协议，"
            "共建西南交通大学智能装备研究院，研究院落户成都高新区科创中心，首期建筑面积2.8万平方米，计划聚集科研人员500人。")
    ex = extract(text)
    assert [f.subject for f in by_value(ex, 2.8, "万平方米")] == ["西南交通大学智能装备研究院"], describe(ex)
    assert [f.subject for f in by_value(ex, 500, "人")] == ["西南交通大学智能装备研究院"], describe(ex)


def test_visits_are_counted_in_renci() -> None:
    ex = extract("当阳玉泉文旅康养产业园2025年接待游客近520万人次。")
    assert by_value(ex, 520, "万人次"), describe(ex)


def test_a_counts_words_stop_at_the_next_figure() -> None:
    ex = extract("2024年，抚州高新区92家企业上报研发费用13.6亿元，同比增长188%。")
    counted = by_value(ex, 92, "家")
    assert counted and "13.6" not in counted[0].metric and "研发费用" in counted[0].metric, describe(ex)


def test_a_list_items_mark_does_not_hide_the_firm_opening_it() -> None:
    text = ("萍乡经开区电池产业园本地配套率升至41%\n\n萍乡经开区电池产业园已聚集上下游企业29家。\n"
            "——萍乡恒锐铜箔科技有限公司（以下简称恒锐铜箔），年产能1.8万吨，为链主供货比例约55%；\n"
            "（二）江西赣磷新材料技术创新中心，由萍乡华磷化工股份有限公司牵头组建，首期建设经费1.2亿元。")
    ex = extract(text)
    assert [f.subject for f in by_value(ex, 1.8, "万吨")] == ["萍乡恒锐铜箔科技有限公司"], describe(ex)
    assert [f.subject for f in by_value(ex, 55, "%")] == ["萍乡恒锐铜箔科技有限公司"], describe(ex)
    assert [f.subject for f in by_value(ex, 1.2, "亿元")] == ["江西赣磷新材料技术创新中心"], describe(ex)


def test_a_sentence_opened_by_a_bare_yanjiuyuan_goes_on_in_its_later_clauses() -> None:
    text = ("绵阳科技城产学研推进会\n\n推进会上，绵阳市人民政府与西南科技大学签署协议，共建西南科技大学先进制造研究院，"
            "研究院落户绵阳科技城新区。研究院院长由西南科技大学教授李明远担任，计划组建研发团队12个、聚集科研人员300人。")
    ex = extract(text)
    assert [f.subject for f in by_value(ex, 12, "个")] == ["西南科技大学先进制造研究院"], describe(ex)
    assert [f.subject for f in by_value(ex, 300, "人")] == ["西南科技大学先进制造研究院"], describe(ex)


def test_how_long_a_policy_runs_is_the_policys() -> None:
    text = ("南昌出台措施支持航空产业\n\n近日，南昌市人民政府办公厅印发《南昌市加快航空产业高质量发展若干措施》，"
            "自印发之日起施行，有效期三年。对来昌就业的博士研究生，给予每月3000元生活补贴，补贴期限2年。")
    ex = extract(text)
    policy = "《南昌市加快航空产业高质量发展若干措施》"
    assert [f.subject for f in by_value(ex, 3, "年")] == [policy], describe(ex)
    assert [f.subject for f in by_value(ex, 2, "年")] == [policy], describe(ex)


def test_a_numbered_item_naming_a_park_owns_the_figures_of_its_paragraph_until_the_next_chapter() -> None:
    text = ("岳阳市园区经济运行简报\n\n一、重点园区运行情况\n\n"
            "（一）岳阳云溪绿色化工产业园。1—10月实现技工贸总收入312亿元，增长8.3%。\n\n"
            "（二）岳阳临湘滨江工业园。实现技工贸总收入145亿元，增长6.1%。\n\n"
            "二、存在的问题\n\n部分企业利润空间收窄，规上工业企业利润总额同比下降2.9%。")
    ex = extract(text)
    assert [f.subject for f in by_value(ex, 312, "亿元")] == ["岳阳云溪绿色化工产业园"], describe(ex)
    assert [f.subject for f in by_value(ex, 145, "亿元")] == ["岳阳临湘滨江工业园"], describe(ex)
    assert "岳阳临湘滨江工业园" not in [f.subject for f in by_value(ex, 2.9, "%")], describe(ex)


def test_a_numbered_item_titled_by_a_project_owns_the_figures_under_it() -> None:
    text = ("屏南县工业园区重大项目集中签约\n\n签约项目一览：\n\n"
            "1. 年产3万吨电池隔膜项目。由福建屏锂新材料股份有限公司投资建设，总投资26亿元，用地约320亩。\n\n"
            "2. 年产10GWh储能系统集成项目。福建华闽科技集团有限公司通过其全资子公司落户园区，项目总投资12亿元。\n\n"
            "3. 年产5万台锂电设备项目。福州闽峰智能装备有限公司投资8.6亿元，建设锂电设备生产基地，占地160亩。")
    ex = extract(text)
    assert [f.subject for f in by_value(ex, 8.6, "亿元")] == ["年产5万台锂电设备项目"], describe(ex)
    assert [f.subject for f in by_value(ex, 160, "亩")] == ["年产5万台锂电设备项目"], describe(ex)
    assert [f.subject for f in by_value(ex, 26, "亿元")] == ["年产3万吨电池隔膜项目"], describe(ex)
    assert [f.subject for f in by_value(ex, 320, "亩")] == ["年产3万吨电池隔膜项目"], describe(ex)
    assert [f.subject for f in by_value(ex, 12, "亿元")] == ["年产10GWh储能系统集成项目"], describe(ex)


def test_the_measures_are_the_policy_the_text_sets_out_not_the_one_it_carries_out() -> None:
    text = ("池州市支持光伏产业高质量发展若干政策\n\n"
            "为深入落实《安徽省光伏产业集群建设实施方案》，结合我市实际，制定以下政策。\n"
            "（一）支持重大项目建设。对新建光伏项目，按设备投资额的6%给予补助，单个项目最高800万元。")
    ex = extract(text)
    policy = "支持光伏产业高质量发展若干政策"  # (with or without the city in front)
    assert [f.subject.endswith(policy) for f in by_value(ex, 800, "万元")] == [True], describe(ex)
    assert [f.subject.endswith(policy) for f in by_value(ex, 6, "%")] == [True], describe(ex)


def test_a_place_a_platform_lands_in_is_not_what_the_next_clause_is_about() -> None:
    text = ("二、联合组建锂电中试平台\n\n"
            "江西省锂电新能源研究院与江西赣锋锂业集团股份有限公司联合组建固态电池工程化中试平台，平台落户新余高新区，"
            "总投资1.2亿元，建筑面积1.8万平方米。")
    ex = extract(text)
    assert [f.subject for f in by_value(ex, 1.2, "亿元")] == ["固态电池工程化中试平台"], describe(ex)
    assert [f.subject for f in by_value(ex, 1.8, "万平方米")] == ["固态电池工程化中试平台"], describe(ex)


def test_a_policys_terms_may_repeat_a_sum_for_different_measures() -> None:
    text = ("池州市支持光伏产业高质量发展若干措施\n\n"
            "（一）对获批省级智能工厂的企业，一次性奖励50万元。\n"
            "（二）对首次进入整车企业供应商名录的本市企业，给予一次性奖励50万元。")
    ex = extract(text)
    assert len(by_value(ex, 50, "万元")) == 2, describe(ex)


def test_a_bare_cap_after_a_grant_is_the_policys() -> None:
    text = ("池州市支持光伏产业高质量发展若干措施\n\n"
            "（八）对招引落地总投资5亿元以上光伏项目的中介机构，按实际到位资金的1‰给予奖励，最高100万元。")
    ex = extract(text)
    assert [f.subject.endswith("若干措施") for f in by_value(ex, 100, "万元")] == [True], describe(ex)


def test_a_grant_naming_its_recipient_before_the_sum_is_the_policys() -> None:
    text = ("池州市支持光伏产业高质量发展若干措施\n\n"
            "（八）对年度光伏产业产值增长15%以上、增速位居全市前两位的省级以上开发区，分别奖励园区管理机构300万元、200万元。")
    ex = extract(text)
    assert [f.subject.endswith("若干措施") for f in by_value(ex, 300, "万元")] == [True], describe(ex)


def test_a_batch_word_before_quansheng_keeps_the_figure_the_provinces() -> None:
    text = ("湖北公布新一批名单\n宜昌5家企业跻身单项冠军\n\n宜昌市有5家企业入选，宜昌全市累计拥有单项冠军企业29家。\n\n"
            "据统计，本批次全省共新增省级重点成长型产业集群12个、重点实验室21家。")
    ex = extract(text)
    assert {f.subject for f in by_value(ex, 12, "个")} <= {"湖北", "湖北省"}, describe(ex)
    assert by_value(ex, 12, "个"), describe(ex)


def test_an_investment_in_a_firms_named_base_is_the_bases() -> None:
    ex = extract("厦门鹭江铜箔股份有限公司（鹭江铜箔）总部位于厦门，"
                 "2024年投资15亿元在漳湾新能源产业园建设鹭江铜箔宁德基地，年产锂电铜箔2万吨。")
    assert [f.subject for f in by_value(ex, 15, "亿元")] == ["鹭江铜箔宁德基地"], describe(ex)


def test_a_project_signed_by_a_firm_owns_the_figures_after_it() -> None:
    ex = extract("长江储能科技股份有限公司副总裁李明介绍，长江储能与黄冈市人民政府签约的黄冈储能电池产业基地项目"
                 "（以下简称“储能基地”）总投资80亿元，规划用地900亩。")
    assert {(f.subject, f.value) for f in ex.facts} == {("黄冈储能电池产业基地项目", 80.0),
                                                         ("黄冈储能电池产业基地项目", 900.0)}, describe(ex)


def test_a_place_frame_before_a_firm_opening_the_next_clause_is_not_the_subject() -> None:
    ex = extract("在南沙区，广州穗丰塑胶制品有限公司以聚乙烯为原料生产包装膜，2025年营收2.4亿元，增长12%。")
    assert {f.subject for f in ex.facts} == {"广州穗丰塑胶制品有限公司"}, describe(ex)


def test_this_firm_is_the_firm_the_sentence_before_spoke_of() -> None:
    ex = extract("在园区北侧，湛江华盛工业气体有限公司的空分装置正在满负荷运转。"
                 "这家企业由林德气体与湛江港集团有限公司合资设立，2025年营收3.1亿元。")
    assert {f.subject for f in ex.facts if f.value == 3.1} == {"湛江华盛工业气体有限公司"}, describe(ex)


def test_a_policys_numbered_measures_with_their_broken_lines_are_all_its_terms() -> None:
    ex = extract("关于印发《临江市支持新材料产业高质量发展若干措施》的通知\n"
                 "一、支持链主企业做大做强。对年营业收入首次突破100亿元的企业，给予一次性奖励200万元。\n"
                 "链主企业每新引进1家配套企业落户，再奖励20万元。\n"
                 "二、鼓励本地采购。对本地采购额增长的企业，按新增部分的1%给予奖励，最高200万元。\n"
                 "三、支持项目建设。对新开工项目按设备购置额的8%给予补助，分三年拨付，\n"
                 "比例为40%、30%、30%。\n"
                 "四、支持技术创新。对新认定的国家级企业技术中心，一次性奖励300万元。\n"
                 "五、加强人才引进。对企业全职引进的博士研究生，给予每人每月3000元生活补贴。")
    offered = {f.value for f in ex.facts if f.subject == "《临江市支持新材料产业高质量发展若干措施》"}
    assert {200.0, 300.0, 3000.0} <= offered, describe(ex)


def test_the_clause_after_a_founded_firm_is_about_that_firm_not_its_founder() -> None:
    ex = extract("负极材料方面，深圳华岭新材料集团股份有限公司在园区设立江苏华岭溧水新材料有限公司，"
                 "年产人造石墨负极6万吨，本地配套比例超过40%。")
    for value, unit in ((6, "万吨"), (40, "%")):
        found = by_value(ex, value, unit)
        assert found and found[0].subject == "江苏华岭溧水新材料有限公司", describe(ex)


def test_a_firm_named_after_its_descriptor_owns_its_clauses_figures() -> None:
    ex = extract("2025年，云岭经开区完成工业总产值300亿元。其中，龙头企业云岭重工集团有限公司全年营收突破42亿元，"
                 "增长16%，旗下子公司云岭叶片科技有限公司新上3条生产线。")
    assert by_value(ex, 42, "亿元")[0].subject == "云岭重工集团有限公司", describe(ex)
    assert by_value(ex, 16, "%")[0].subject == "云岭重工集团有限公司", describe(ex)
    assert by_value(ex, 3, "条")[0].subject == "云岭叶片科技有限公司", describe(ex)
    ex = extract("云岭经开区10月产值增长9%。重点企业云岭新材料有限公司10月产值13.8亿元。")
    assert by_value(ex, 13.8, "亿元")[0].subject == "云岭新材料有限公司", describe(ex)


def test_the_firm_after_its_owner_or_founder_owns_the_figures() -> None:
    ex = extract("东岭汽车集团有限公司旗下的东岭荆州专用车有限公司实现营收41.2亿元，增长9.6%。")
    assert by_value(ex, 41.2, "亿元")[0].subject == "东岭荆州专用车有限公司", describe(ex)
    ex = extract("德国云森传动系统有限公司在云岭经开区设立的云森传动（荆州）有限公司二期工厂已于8月建成，"
                 "前三季度实现营收5.9亿元。")
    assert by_value(ex, 5.9, "亿元")[0].subject == "云森传动（荆州）有限公司", describe(ex)


def test_generic_words_before_a_name_ending_name_nothing_and_a_platform_firms_descriptor_opens_its_clause() -> None:
    ex = extract("项目建设中，区属平台公司云岭产业投资集团有限公司投资4.6亿元建设标准化厂房32万平方米。"
                 "三个平台所在园区也从中受益。")
    assert not [e for e in ex.entities if e.name in ("区属平台公司", "平台所在园区")], describe(ex)
    assert by_value(ex, 4.6, "亿元")[0].subject == "云岭产业投资集团有限公司", describe(ex)


def test_figures_several_parks_own_together_have_no_one_subject() -> None:
    ex = extract("本期月报汇总云岭新能源材料产业园、北流陶瓷产业园、福绵服装产业园运行情况。"
                 "10月份，三个重点园区合计完成规上工业总产值118.6亿元，同比增长9.8%；1至10月累计完成1093.2亿元。"
                 "云岭新能源材料产业园完成产值52.3亿元。")
    assert not by_value(ex, 118.6, "亿元") and not by_value(ex, 1093.2, "亿元"), describe(ex)
    assert by_value(ex, 52.3, "亿元")[0].subject == "云岭新能源材料产业园", describe(ex)


def test_a_count_of_people_in_ming_is_a_figure_and_a_place_in_a_ranking_is_not_a_count() -> None:
    ex = extract("云岭大学技术转移中心配备技术经理人37名。云岭高新区综合排名位列全省前10名。")
    found = by_value(ex, 37, "名")
    assert found and found[0].metric.endswith("技术经理人"), describe(ex)
    assert not by_value(ex, 10, "名"), describe(ex)


@pytest.mark.parametrize(("sentence", "value", "unit"), [
    ("云岭经开区全年赴外招商17批次。", 17, "批次"),
    ("云岭经开区兑现奖补资金，惠及企业318家次。", 318, "家次"),
    ("云岭重工集团有限公司新增产能12万台套。", 12, "万台套"),
    ("云岭经开区举办供需对接会23场。", 23, "场"),
], ids=["pici", "jiaci", "taitao", "chang"])
def test_a_units_longer_written_form_is_kept_as_written(sentence: str, value: float, unit: str) -> None:
    ex = extract(sentence)
    assert by_value(ex, value, unit), describe(ex)


def test_a_bare_yuanqu_after_a_parks_administration_is_that_park() -> None:
    ex = extract("杨凌种业产业园吸引种业企业12家。\n"
                 "咸阳装备产业园管委会副主任马骁介绍，研发中心落地后，园区先后引进配套企业9家。咸阳装备产业园今年还将扩园。")
    found = by_value(ex, 9, "家")
    assert found and found[0].subject == "咸阳装备产业园", describe(ex)


def test_a_growth_going_on_with_a_clusters_figure_stays_the_clusters() -> None:
    # (PDF line breaks inside the figures, as in a scanned report)
    ex = extract("南康区重点发展绿色食品产业。\n龙头企业的持续壮大，有效加快产业集群\n"
                 "发展。在它们的带动下，集群效应加速释\n放：2024年，绿色食品产业集群实现营收 210亿\n"
                 "元，同比增长9.4%；电子信息产业集群实现营\n收 133.5亿元，同比增长 12%。")
    for value, unit in ((9.4, "%"), (12, "%")):
        found = by_value(ex, value, unit)
        assert found and found[0].subject in ("绿色食品产业集群", "电子信息产业集群"), describe(ex)


def test_figures_of_a_clause_opened_by_gai_qiye_are_the_last_named_firms() -> None:
    ex = extract("云岭高新区此次上榜的3家企业是云岭探索者科技有限公司、新源动力股份有限公司和云岭美恒电气有限公司。"
                 "以新源动力来说，该企业自主研发的燃料电池技术领先，相关产品目前装车已超1300台，累计运行里程超3000万公里。")
    for value, unit in ((1300, "台"), (3000, "万公里")):
        found = by_value(ex, value, unit)
        assert found and found[0].subject == "新源动力股份有限公司", describe(ex)


def test_places_written_right_before_a_name_are_its_address_not_the_clauses_subject() -> None:
    ex = extract("3月29日，安徽芜湖芜湖高新技术产业开发区组织开展重大项目集中签约活动，"
                 "共有29个项目签约，总投资达172.84亿元。")
    found = by_value(ex, 172.84, "亿元")
    assert found and found[0].subject == "芜湖高新技术产业开发区", describe(ex)


def test_a_grants_rate_and_the_funds_a_policy_sets_aside_are_the_policys() -> None:
    ex = extract("淄博市出台《支持化工新材料产业高质量发展的若干措施》。"
                 "对列入省级重点技改项目的，补助比例提高至12%。市财政每年统筹安排不少于2亿元专项资金。")
    for value, unit in ((12, "%"), (2, "亿元")):
        found = by_value(ex, value, unit)
        assert found and found[0].subject == "《支持化工新材料产业高质量发展的若干措施》", describe(ex)


def test_after_a_run_of_examples_the_paragraph_is_about_its_park_again() -> None:
    ex = extract("石家庄栾城生物医药健康产业园2025年工作总结\n\n"
                 "石家庄栾城生物医药健康产业园全年实施亿元以上项目63个。其中，瑞安生物投资18亿元的抗体药物产业化"
                 "基地项目主体完工；河北华宸健康产业集团有限公司投资建设的康养小镇项目完成投资9.3亿元。"
                 "新签约项目37个，签约总额158.6亿元。")
    assert {f.subject for f in by_value(ex, 158.6, "亿元")} == {"石家庄栾城生物医药健康产业园"}, describe(ex)


def test_a_sentences_figures_in_later_clauses_belong_to_the_head_of_its_opening_relative_clause() -> None:
    ex = extract("河北医学大学与产业园共建的河北省生物药中试转化中心投入运行，全年服务企业87家次，完成中试批次142批。")
    assert {f.subject for f in ex.facts} == {"河北省生物药中试转化中心"}, describe(ex)


def test_a_clause_opened_by_a_bare_项目_is_about_the_project_the_sentence_named() -> None:
    ex = extract("扶南县食品产业加快集聚。其中今年7月试生产的宏泰年产10万吨饮料生产线项目尤为突出，项目总投资达5亿元。")
    assert {f.subject for f in by_value(ex, 5, "亿元")} == {"宏泰年产10万吨饮料生产线项目"}, describe(ex)


def test_a_count_pointed_back_to_is_no_new_figure() -> None:
    ex = extract("芜源高新区29个项目集中签约，总投资172.8亿元。据了解，这29个项目全部聚焦四大主导产业。")
    assert len(by_value(ex, 29, "个")) == 1, describe(ex)


def test_a_place_in_a_ranking_written_with_its_scope_and_no_verb_is_a_rank() -> None:
    ex = extract("平川经开区全国第41位、中部地区第7位，第一次闯入全国前50强。")
    assert [f.subject for f in by_value(ex, 41, "位")] == ["平川经开区"], describe(ex)
    assert [f.subject for f in by_value(ex, 7, "位")] == ["平川经开区"], describe(ex)


def test_a_class_of_size_bounded_both_ways_qualifies_what_is_counted() -> None:
    ex = extract("平川高新区签约项目39个，其中10亿元以上的项目9个，1到10亿元的项目7个，1亿元以下的项目23个。")
    assert not [f for f in ex.facts if f.unit == "亿元"], describe(ex)
    assert [f.metric for f in by_value(ex, 7, "个")] == ["1到10亿元的项目"], describe(ex)


def test_square_metres_written_as_one_sign_are_a_unit() -> None:
    ex = extract("平川科技园建筑面积从原先的2万㎡扩大到18万㎡。")
    assert by_value(ex, 18, "万㎡"), describe(ex)
