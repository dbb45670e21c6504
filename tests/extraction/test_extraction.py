"""Behaviour of the extractor on short sentences written for these tests (not taken from the seeds).

Every test runs the whole per-document pipeline (kg.building.pipeline.extract_document) on a document made from the
text in memory. The firms, parks and institutes are made up, set in provinces the seeds do not cover, so
the tests exercise the grammar rather than a gazetteer entry. Where the extractor does not yet do what a
test asks, the test is marked xfail(strict=True): it must start passing (and lose the mark) once it does.
"""

from __future__ import annotations

import pytest

from kg.building.pipeline import extract_document
from kg.model import Entity, Extraction
from kg.text.documents import make_document

QUOTES = "“”‘’\"'《》「」"


def extract(text: str) -> Extraction:
    return extract_document(make_document("probe.txt", "probe.txt", text.encode("utf-8")))


def bare(name: str) -> str:
    return "".join(ch for ch in name if ch not in QUOTES)


def find(ex: Extraction, name: str, etype: str | None = None) -> Entity | None:
    for e in ex.entities:
        if bare(e.name) == bare(name) and (etype is None or e.type == etype):
            return e
    return None


def edges(ex: Extraction, relation: str) -> set[tuple[str, str]]:
    return {(bare(r.head), bare(r.tail)) for r in ex.relations if r.relation == relation}


def describe(ex: Extraction) -> str:
    """What was found, for assertion messages."""
    ents = ", ".join(f"{e.type}:{e.name}" for e in ex.entities)
    rels = ", ".join(f"{r.head} -{r.relation}-> {r.tail}" for r in ex.relations)
    facts = ", ".join(f"{f.subject}/{f.metric}={f.value}{f.unit}" for f in ex.facts)
    return f"entities [{ents}] relations [{rels}] facts [{facts}]"


# ----------------------------------------------------------------------------------- names after a preposition


@pytest.mark.parametrize(
    ("text", "word", "name", "etype"),
    [
        ("湖州莫干山高新区与浙江大学合作建设智能制造创新中心。", "与", "浙江大学", "University"),
        ("绵阳涪江科技城管委会联合四川大学建设中试平台。", "联合", "四川大学", "University"),
        ("宁波栎社新材料实验室依托宁波大学开展先进材料研究。", "依托", "宁波大学", "University"),
        ("今年3月，园区与浙江启衡储能科技股份有限公司签署投资协议。", "与", "浙江启衡储能科技股份有限公司", "Company"),
        ("江苏恒澜新材料有限公司联合南京工业大学攻关高性能纤维技术。", "联合", "南京工业大学", "University"),
        ("基金规模20亿元，重点投向衡阳高新区内的新材料项目。", "投向", "衡阳高新区", "Park"),
    ],
    ids=["yu", "lianhe", "yituo", "yu-company", "lianhe-after-company", "touxiang"],
)
def test_a_name_after_a_preposition_is_found_without_it(text: str, word: str, name: str, etype: str) -> None:
    ex = extract(text)
    found = find(ex, name, etype)
    assert found is not None, describe(ex)
    assert found.name == name
    for e in ex.entities:
        assert not e.name.startswith(word), describe(ex)
        assert word + name not in e.name, describe(ex)


# --------------------------------------------------------------------------------------------- company names


@pytest.mark.parametrize(
    "name",
    [
        "浙江启衡储能科技股份有限公司",
        "江苏恒澜新材料有限公司",
        "安徽皖芯半导体集团有限公司",
        "四川蜀拓锂能科技有限公司",
        "湖南省先进制造投资基金有限公司",  # 投资 before 基金: the fund's trade, not the verb of the sentence
        "衡阳市产业投资管理有限公司",
        "陕西华川技术转移中心有限公司",  # 技术转移: the trade of a firm, not a verb
    ],
    ids=["qiheng", "henglan", "wanxin", "shutuo", "fund", "investment-management", "technology-transfer"],
)
def test_a_company_full_name_is_one_company(name: str) -> None:
    ex = extract(f"{name}在园区投资建设新工厂，预计明年投产。")
    found = find(ex, name, "Company")
    assert found is not None, describe(ex)
    companies = [e.name for e in ex.entities if e.type == "Company"]
    assert companies == [name], describe(ex)  # not also a truncated piece of it


# --------------------------------------------------------------------------------------------- 以下简称 aliases


@pytest.mark.parametrize(
    ("full", "short"),
    [("浙江华川钴业股份有限公司", "华川钴业"), ("浙江启衡储能科技股份有限公司", "启衡储能")],
    ids=["huachuan", "qiheng"],
)
def test_a_declared_short_name_is_an_alias_of_the_full_name(full: str, short: str) -> None:
    ex = extract(f"{full}（以下简称“{short}”）总部位于桐乡市。今年，{short}与浙江大学签署战略合作协议。")
    company = find(ex, full, "Company")
    assert company is not None, describe(ex)
    assert short in company.aliases, describe(ex)
    # The short name is not a second entity of its own.
    assert [e for e in ex.entities if e.name == short] == [], describe(ex)
    # The relation stated with the short name is attached to the full-name entity.
    partners = {frozenset(pair) for pair in edges(ex, "cooperatesWith")}
    assert frozenset({full, "浙江大学"}) in partners, describe(ex)
    for r in ex.relations:
        assert short not in (r.head, r.tail), describe(ex)


# ------------------------------------------------------------------------------------------------------ policies


@pytest.mark.parametrize(
    ("text", "issuer", "issuer_type", "title"),
    [
        (
            "去年，台州椒北经济开发区出台《椒北经济开发区关于加快生物医药产业高质量发展的若干政策》。",
            "台州椒北经济开发区",
            "Park",
            "椒北经济开发区关于加快生物医药产业高质量发展的若干政策",
        ),
        (
            "今年3月，湖州市人民政府印发《湖州市促进智能装备产业发展三年行动计划》。",
            "湖州市人民政府",
            "GovernmentBody",
            "湖州市促进智能装备产业发展三年行动计划",
        ),
        (
            "绵阳涪江科技城管委会近日出台《涪江科技城支持人才创新创业十条措施》，明确给予最高500万元补助。",
            "绵阳涪江科技城管委会",
            "GovernmentBody",
            "涪江科技城支持人才创新创业十条措施",
        ),
    ],
    ids=["park", "government", "administration"],
)
def test_a_title_after_chutai_is_a_policy_issued_by_the_subject(
    text: str, issuer: str, issuer_type: str, title: str
) -> None:
    ex = extract(text)
    policy = find(ex, title, "Policy")
    assert policy is not None, describe(ex)
    assert find(ex, issuer, issuer_type) is not None, describe(ex)
    assert (title, issuer) in edges(ex, "issuedBy"), describe(ex)


# ------------------------------------------------------------------------------------------------------ coBuilds


def test_two_partners_co_building_give_two_edges() -> None:
    ex = extract("园区先后与江苏大学、南京工业大学共建常州智能装备研究院。")
    institute = find(ex, "常州智能装备研究院", "ResearchInstitute")
    assert institute is not None, describe(ex)
    expected = {("江苏大学", "常州智能装备研究院"), ("南京工业大学", "常州智能装备研究院")}
    assert edges(ex, "coBuilds") == expected, describe(ex)


def test_the_park_and_its_two_partners_all_co_build() -> None:
    ex = extract("常州武进高新区与江苏大学、南京工业大学共建常州智能装备研究院。")
    builders = {head for head, tail in edges(ex, "coBuilds") if tail == "常州智能装备研究院"}
    assert builders == {"常州武进高新区", "江苏大学", "南京工业大学"}, describe(ex)
    assert {tail for _, tail in edges(ex, "coBuilds")} == {"常州智能装备研究院"}, describe(ex)


# --------------------------------------------------------------------------------------------------- designations


@pytest.mark.parametrize(
    ("text", "holder", "title"),
    [
        ("江苏恒澜新材料有限公司获评国家级制造业单项冠军企业。", "江苏恒澜新材料有限公司", "国家级制造业单项冠军企业"),
        (
            "今年，浙江启衡储能科技股份有限公司获评国家级专精特新“小巨人”企业。",
            "浙江启衡储能科技股份有限公司",
            "国家级专精特新“小巨人”企业",
        ),
        ("嘉兴秀洲高新区获评国家生态工业示范园区。", "嘉兴秀洲高新区", "国家生态工业示范园区"),
        ("嘉兴秀洲高新区获评国家级绿色工业园区。", "嘉兴秀洲高新区", "国家级绿色工业园区"),
    ],
    ids=["champion", "little-giant", "eco-park", "green-park"],
)
def test_huoping_and_an_honour_give_has_designation(text: str, holder: str, title: str) -> None:
    ex = extract(text)
    assert find(ex, title, "Designation") is not None, describe(ex)
    assert (bare(holder), bare(title)) in edges(ex, "hasDesignation"), describe(ex)


# ------------------------------------------------------------------------------------------------------- figures


def test_revenue_and_growth_are_two_facts_of_the_subject() -> None:
    ex = extract("2024年，嘉兴秀洲高新区实现工业营收120.5亿元，同比增长8.2%。")
    assert find(ex, "嘉兴秀洲高新区", "Park") is not None, describe(ex)
    assert len(ex.facts) == 2, describe(ex)
    by_unit = {f.unit: f for f in ex.facts}
    assert set(by_unit) == {"亿元", "%"}, describe(ex)
    assert all(f.subject == "嘉兴秀洲高新区" for f in ex.facts), describe(ex)
    money, growth = by_unit["亿元"], by_unit["%"]
    assert money.value == pytest.approx(120.5) and growth.value == pytest.approx(8.2)
    assert "工业营收" in money.metric and "增长" not in money.metric
    assert "增长" in growth.metric
    assert all("2024" in f.period for f in ex.facts), describe(ex)
    # Both facts point at the sentence that states them.
    sentence = ex.document.sentences[money.sentence]
    assert "120.5亿元" in sentence.text and growth.sentence == money.sentence


# -------------------------------------------------------------------------------------------------------- people

@pytest.mark.parametrize(
    ("text", "person", "company"),
    [
        (
            "浙江启衡储能科技股份有限公司董事长陈立新表示，公司将在园区扩建二期产线。",
            "陈立新",
            "浙江启衡储能科技股份有限公司",
        ),
        (
            "签约仪式上，江苏恒澜新材料有限公司董事长周建华致辞。",
            "周建华",
            "江苏恒澜新材料有限公司",
        ),
    ],
    ids=["says", "speech"],
)
def test_a_person_after_dongshizhang_works_for_the_company(text: str, person: str, company: str) -> None:
    ex = extract(text)
    assert find(ex, person, "Person") is not None, describe(ex)
    assert (person, company) in edges(ex, "worksFor"), describe(ex)


# ----------------------------------------------------------------------------------- entity boundaries (grammar)


def test_parks_that_differ_only_by_their_region_stay_apart() -> None:
    ex = extract("省内另有衢州经济技术开发区、丽水经济技术开发区和湖州经济技术开发区进入前列。")
    for park in ("衢州经济技术开发区", "丽水经济技术开发区", "湖州经济技术开发区"):
        assert find(ex, park, "Park") is not None, describe(ex)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("作者：程立新 编辑：骆文静\n\n4月19日，园区新签约项目12个。", "骆文静"),
        ("某网讯（记者 邬家宁 摄影记者 屈梦涵）园区今年新签约项目12个。", "屈梦涵"),
        ("园区今年新签约项目12个。\n（本报记者 谭 磊）", "谭 磊"),
        ("△园区一角 籍晓东/摄\n\n4月19日，园区新签约项目12个。", "籍晓东"),
        ("某社长沙3月2日电 (萧雨桐)园区今年新签约项目12个。", "萧雨桐"),
        ("湘潭恒泰电机有限公司技术部部长 梁振宇：我们今年订单饱满。", "梁振宇"),
    ],
    ids=["author-editor", "photo-reporter", "spaced-name", "photo-credit", "dateline", "space-after-title"],
)
def test_people_in_bylines_credits_and_titles_are_persons(text: str, person: str) -> None:
    ex = extract(text)
    assert find(ex, person, "Person") is not None, describe(ex)


@pytest.mark.parametrize(
    ("text", "body", "absent"),
    [
        ("会议全面落实省委省政府的部署。", "省政府", "省委省政府"),
        ("根据抽样数据和省统计局发布的数字，园区产值增长。", "省统计局", "抽样数据和省统计局"),
        ("经市工信局推荐，园区入选试点。", "市工信局", "经市工信局"),
        ("本人代表区人民政府作说明。", "区人民政府", "代表区人民政府"),
        ("湘潭高新区投资合作促进局党委委员、副局长 梁振宇说明了招商安排。", "湘潭高新区投资合作促进局", "党委"),
    ],
    ids=["two-bodies", "he-then-level", "jing-glued", "daibiao-glued", "party-committee-of-a-bureau"],
)
def test_government_body_boundaries(text: str, body: str, absent: str) -> None:
    ex = extract(text)
    assert find(ex, body, "GovernmentBody") is not None, describe(ex)
    assert find(ex, absent, "GovernmentBody") is None, describe(ex)


def test_a_firm_signing_with_a_government_is_not_part_of_its_name() -> None:
    ex = extract("株洲市人民政府同国网株洲供电有限公司就电网建设达成共识。")
    assert find(ex, "国网株洲供电有限公司", "Company") is not None, describe(ex)
    assert find(ex, "株洲市人民政府", "GovernmentBody") is not None, describe(ex)


def test_the_other_items_of_a_list_with_a_known_firm_are_firms() -> None:
    ex = extract("恒昌电子有限公司、澧浦模具、群岭汽车部件今年完成股改。")
    for firm in ("澧浦模具", "群岭汽车部件"):
        assert find(ex, firm, "Company") is not None, describe(ex)


def test_a_class_of_parks_is_no_park() -> None:
    ex = extract("湖南经开区在评比中表现突出，9家国家级经开区排名上升。")
    assert not [e for e in ex.entities if e.type in ("Park", "Designation")], describe(ex)


def test_a_designation_drops_the_granting_body_and_the_batch() -> None:
    ex = extract("公示名单显示，湘潭恒泰电机有限公司入选工信部第五批专精特新“小巨人”企业。")
    assert find(ex, "专精特新“小巨人”企业", "Designation") is not None, describe(ex)
    assert find(ex, "工信部", "GovernmentBody") is not None, describe(ex)


def test_a_province_before_a_level_word_belongs_to_the_title() -> None:
    ex = extract("湘潭恒泰电机有限公司入选湖南省制造业单项冠军。")
    assert find(ex, "湖南省制造业单项冠军", "Designation") is not None, describe(ex)


def test_a_declared_short_name_of_a_base_names_the_base() -> None:
    ex = extract("在株洲荷塘国家先进材料产业基地（以下简称“荷塘基地”）内，企业正在扩产。荷塘基地今年营收增长。")
    base = find(ex, "株洲荷塘国家先进材料产业基地")
    assert base is not None and "荷塘基地" in base.aliases, describe(ex)


def test_a_firms_named_site_is_a_company_of_its_own() -> None:
    ex = extract("华为株洲园区去年实现产值480亿元。")
    assert find(ex, "华为株洲园区", "Company") is not None, describe(ex)
    assert find(ex, "华为", "Company") is not None, describe(ex)


def test_a_city_short_name_is_the_city_not_a_county_of_that_name() -> None:
    ex = extract("抚顺今年新开工项目40个。")
    assert find(ex, "抚顺", "Region") is not None, describe(ex)


def test_a_news_outlet_names_no_place() -> None:
    ex = extract("株洲高新区今年新签约项目12个。\n来源：湖南日报")
    assert find(ex, "湖南", "Region") is None, describe(ex)


def test_a_field_and_what_is_made_of_it_are_one_industry() -> None:
    ex = extract("园区重点发展钛及钛合金产业链，引进企业20家。")
    assert any(e.type == "Industry" and e.name.startswith("钛及钛合金") for e in ex.entities), describe(ex)


def test_a_policy_area_list_gives_no_industries() -> None:
    ex = extract("该市对储能电池、科技创新、人才引育等领域给予资金支持。")
    assert find(ex, "科技创新", "Industry") is None and find(ex, "人才引育", "Industry") is None, describe(ex)


def test_the_same_zone_under_two_words_is_one_park() -> None:
    ex = extract("衡阳松木工业园今年新增投资80亿元。松木工业园区已完成3000亩土地平整。")
    parks = [e for e in ex.entities if e.type == "Park"]
    assert len(parks) == 1, describe(ex)


def test_named_works_being_built_are_projects() -> None:
    ex = extract("目前星河大厦等楼宇已建成，上月通车的望月大桥连接两岸。")
    for project in ("星河大厦", "望月大桥"):
        assert find(ex, project, "Project") is not None, describe(ex)


def test_a_university_and_its_short_name_are_one_entity() -> None:
    ex = extract("西安交通大学与园区共建实验室。西安交大派出专家团队。")
    universities = [e for e in ex.entities if e.type == "University"]
    assert len(universities) == 1, describe(ex)


def test_the_stages_of_one_chain_are_no_industries() -> None:
    ex = extract("园区已形成从芯片设计、晶圆制造到封装测试的完整集成电路产业链。")
    assert find(ex, "晶圆制造", "Industry") is None, describe(ex)


def test_a_ministry_before_a_class_of_parks_is_not_part_of_a_park() -> None:
    ex = extract("在商务部国家级经开区综合发展水平考核评价中，湘潭经开区位列第12位。")
    assert find(ex, "商务部", "GovernmentBody") is not None, describe(ex)
    assert not [e for e in ex.entities if e.type == "Park" and "商务部" in e.name], describe(ex)


def test_a_kind_of_park_is_no_park_but_a_described_one_is() -> None:
    ex = extract("新城计划配套建设居住社区和商贸产业园。园区规划建设了占地800亩的氢能产业园。")
    assert find(ex, "商贸产业园", "Park") is None, describe(ex)
    assert find(ex, "氢能产业园", "Park") is not None, describe(ex)


def test_a_national_title_of_a_place_is_a_designation() -> None:
    ex = extract("临湘市被授予“中国竹器之乡”，当地竹木加工企业超过百家。")
    assert find(ex, "中国竹器之乡", "Designation") is not None, describe(ex)


def test_a_partner_joined_to_a_known_firm_is_a_firm() -> None:
    ex = extract("园区联合云帆智造和华为共建工业互联网平台。湘潭恒泰电机有限公司是华为的供应商。")
    assert find(ex, "云帆智造", "Company") is not None, describe(ex)


# ----------------------------------------------------------------------------------- left boundary of names


def test_a_park_and_a_verbal_noun_open_a_project_name() -> None:
    ex = extract("由湘南城投集团有限公司投资建设的郴东高新区标准化仓库二期项目总投资3.2亿元。")
    assert find(ex, "郴东高新区标准化仓库二期项目", "Project") is not None, describe(ex)


def test_a_supply_verb_does_not_start_a_firm_name() -> None:
    ex = extract("该公司生产的减速器已批量供应湖南星驰重工股份有限公司。")
    assert find(ex, "湖南星驰重工股份有限公司", "Company") is not None, describe(ex)
    assert not [e for e in ex.entities if e.name.startswith(("批量", "供应"))], describe(ex)


def test_a_technical_verb_is_part_of_a_lab_field() -> None:
    ex = extract("双方同步揭牌成立伺服控制联合实验室。")
    assert find(ex, "伺服控制联合实验室", "ResearchInstitute") is not None, describe(ex)


def test_a_county_in_front_of_an_industrial_park_is_part_of_its_name() -> None:
    ex = extract("位于宁乡县青石工业园区的湖南澜岳光电科技有限公司今年扩产。")
    assert find(ex, "宁乡县青石工业园区", "Park") is not None, describe(ex)


def test_a_level_led_body_after_a_verb_is_not_a_place_body() -> None:
    ex = extract("湖南省工业和信息化厅会同省发展改革委印发《湖南省园区提质三年行动方案》。")
    assert find(ex, "省发展改革委", "GovernmentBody") is not None, describe(ex)
    assert not [e for e in ex.entities if e.name.startswith("会同")], describe(ex)


def test_a_project_named_after_its_firm_keeps_the_firm_word() -> None:
    ex = extract("湖南奔腾车业集团有限公司投资8亿元建设奔腾车业华中总装基地项目，规划年产整车20万辆。")
    assert find(ex, "奔腾车业华中总装基地项目", "Project") is not None, describe(ex)


def test_a_year_and_place_class_of_projects_is_no_project() -> None:
    ex = extract("2025年郴州市重大产业项目集中签约仪式在郴东高新区举行。")
    assert not [e for e in ex.entities if e.type == "Project"], describe(ex)


def test_a_name_after_a_title_ends_before_an_attending_verb() -> None:
    ex = extract("省商务厅副厅长覃立新出席签约仪式。")
    assert find(ex, "覃立新", "Person") is not None, describe(ex)


def test_a_made_up_name_word_is_not_split_by_the_segmenter() -> None:
    ex = extract("湖南澜岳光电科技有限公司在郴州苏仙智造产业园签署合作协议。")
    assert find(ex, "郴州苏仙智造产业园", "Park") is not None, describe(ex)


def test_a_park_cited_by_its_short_zone_word_is_one_park() -> None:
    ex = extract("湖南郴州经济开发区今年新签约项目12个。郴州经开区还引进湖南澜岳光电科技有限公司。")
    park = find(ex, "湖南郴州经济开发区", "Park")
    assert park is not None and "郴州经开区" in park.aliases, describe(ex)


def test_a_body_cited_by_its_level_word_is_the_full_body() -> None:
    ex = extract("湖南省商务厅发布园区考核结果。省商务厅副厅长覃立新表示，将加大支持力度。")
    body = find(ex, "湖南省商务厅", "GovernmentBody")
    assert body is not None and "省商务厅" in body.aliases, describe(ex)


def test_a_park_word_before_a_field_is_not_part_of_the_field() -> None:
    ex = extract("作为园区光伏产业链链主企业，湖南澜岳光电科技有限公司带动配套企业落户。")
    assert find(ex, "园区光伏", "Industry") is None, describe(ex)
    assert find(ex, "光伏", "Industry") is not None, describe(ex)


def test_a_list_closed_by_its_count_of_directions_is_a_list_of_fields() -> None:
    ex = extract("研究院将围绕工业机器人、柔性感知、精密减速装备三个方向开展攻关。")
    for name in ("工业机器人", "柔性感知", "精密减速装备"):
        assert find(ex, name, "Industry") is not None, describe(ex)


def test_a_title_firms_are_to_grow_towards_is_not_granted() -> None:
    ex = extract("全市将推动更多中小企业向“专精特新”发展。")
    assert not [e for e in ex.entities if e.type == "Designation"], describe(ex)


def test_a_level_a_field_and_a_platform_kind_name_a_title() -> None:
    ex = extract("对新认定的省级生物医药中试基地，给予最高300万元奖补。")
    assert find(ex, "省级生物医药中试基地", "Designation") is not None, describe(ex)
    assert not [e for e in ex.entities if e.type == "ResearchInstitute"], describe(ex)


def test_two_fields_named_as_one_sector_are_one_industry() -> None:
    ex = extract("郴州正全力打造光伏及储能产业集群。")
    assert [e for e in ex.entities if e.type == "Industry" and bare(e.name).startswith("光伏及储能")], describe(ex)


def test_the_province_of_a_title_is_not_a_place_of_the_text() -> None:
    ex = extract("郴州澜岳光电科技有限公司获评湖南省瞪羚企业。")
    assert find(ex, "湖南省", "Region") is None, describe(ex)


def test_a_park_cited_with_another_word_for_its_kind_of_zone_is_one_park() -> None:
    """工业区 for 工业园: the names share no rarest character, so the merge must not depend on one."""
    ex = extract("保定清苑工业园今年新增企业5家。清苑工业区位于保定市。")
    parks = [e for e in ex.entities if e.type == "Park"]
    assert [(e.name, sorted(e.aliases)) for e in parks] == [("保定清苑工业园", ["清苑工业区"])]


# --------------------------------------------------------------- behaviours added for unseen text (issue 13)


def test_a_locative_word_before_a_firm_is_not_part_of_its_name() -> None:
    ex = extract("县内丰谷粮油集团获评农业产业化国家重点龙头企业。")
    assert find(ex, "丰谷粮油集团", "Company") is not None, describe(ex)
    assert find(ex, "县内丰谷粮油集团") is None, describe(ex)


def test_a_wholly_owned_subsidiary_is_no_name() -> None:
    ex = extract("晶岳新能源全资子公司投资建设年产5GW硅片项目。")
    assert not [e for e in ex.entities if e.type == "Company" and "子公司" in e.name], describe(ex)


def test_a_foreign_firm_keeps_its_country() -> None:
    ex = extract("日本松川精机株式会社投资1.5亿美元设立松川精机（常州）有限公司。"
                 "园区引进常州恒远重工、德国莱茵豪传动等企业。")
    assert find(ex, "日本松川精机株式会社", "Company") is not None, describe(ex)
    assert find(ex, "德国莱茵豪传动", "Company") is not None, describe(ex)


def test_a_period_or_a_sum_before_a_project_is_not_its_name() -> None:
    ex = extract("一季度重大项目集中开工。远泰新材投资18亿元建设年产5万吨复合膜项目。")
    projects = [e.name for e in ex.entities if e.type == "Project"]
    assert projects == ["年产5万吨复合膜项目"], describe(ex)


def test_a_modifier_word_stays_in_a_project_name() -> None:
    ex = extract("翼川科技投资15亿元建设工业级无人机整机制造基地项目。")
    assert find(ex, "工业级无人机整机制造基地项目", "Project") is not None, describe(ex)


def test_a_zone_department_is_no_park() -> None:
    ex = extract("福建省商务厅开发区处处长陈立新表示，将推动园区提质升级。")
    assert not [e for e in ex.entities if e.type == "Park"], describe(ex)
    assert ("陈立新", "福建省商务厅") in edges(ex, "worksFor"), describe(ex)


def test_a_field_verb_does_not_open_an_industry() -> None:
    ex = extract("晋锐轴承凭借主轴产品入选。该企业位于太原经开区，深耕风电轴承领域二十余年。"
                 "2025年，闽海经开区实现生产总值842亿元，集聚电子信息、高端装备等主导产业企业1300余家。")
    names = {e.name for e in ex.entities if e.type == "Industry"}
    assert {"风电轴承", "电子信息"} <= names, describe(ex)
    assert not [n for n in names if n.startswith(("深耕", "集聚"))], describe(ex)


def test_a_parks_name_makes_no_focus_but_a_policys_title_does() -> None:
    ex = extract("汝阳镁合金产业园、汝南生物医药中试基地今年投入使用。当地镁合金、生物医药等产业营收增长。"
                 "市政府印发《汝阳市镁合金产业发展行动方案》。")
    from_names = {(bare(r.head), r.tail) for r in ex.relations if r.rule == "focusesOn:name"}
    assert from_names == {("汝阳市镁合金产业发展行动方案", "镁合金")}, describe(ex)


def test_a_policy_opening_its_clause_is_the_focus_subject() -> None:
    ex = extract("近日，省工信厅印发《化工园区提质三年行动方案》。在产业方向上，《行动方案》聚焦高端聚烯烃、"
                 "电子化学品两大领域，并点名支持东营海川化工产业园。")
    focus = edges(ex, "focusesOn")
    assert [head for head, tail in focus if "行动方案" in head and tail == "电子化学品"], describe(ex)
    assert not [e for e in focus if e[0] == "东营海川化工产业园"], describe(ex)


def test_unnamed_firms_landing_are_not_the_firm_they_gather_round() -> None:
    ex = extract("围绕晶源新能源，一批上下游企业相继落户麒麟区。")
    assert ("晶源新能源", "麒麟区") not in edges(ex, "locatedIn"), describe(ex)


def test_a_cue_word_inside_a_name_is_no_cue() -> None:
    ex = extract("为保障项目建设，甘肃陇华光电科技股份有限公司拟向陇华显示增资12亿元。从集团架构看，陇华光电的控股"
                 "股东为甘肃省电子信息产业投资集团有限公司（简称“甘肃电子信息集团”），持股比例31.2%。")
    assert not edges(ex, "investsIn"), describe(ex)


def test_a_title_in_the_terms_of_a_reward_has_no_holder() -> None:
    ex = extract("太原市工业和信息化局介绍，对新获评国家级专精特新“小巨人”企业的，给予100万元奖励。")
    assert not edges(ex, "hasDesignation"), describe(ex)


def test_a_pointing_noun_gives_the_title_to_the_platform() -> None:
    ex = extract("北原重工与哈尔滨工业大学共建寒区工程机械工程研究中心，该中心今年获批省级工程研究中心。")
    has = edges(ex, "hasDesignation")
    assert ("寒区工程机械工程研究中心", "省级工程研究中心") in has, describe(ex)
    assert not [e for e in has if e[0] == "北原重工"], describe(ex)


def test_what_is_built_in_a_park_lies_there() -> None:
    ex = extract("云南晶澄硅业有限公司在华宁绿色硅产业园投资建设的年产20万吨工业硅项目，总投资136亿元。")
    assert ("年产20万吨工业硅项目", "华宁绿色硅产业园") in edges(ex, "locatedIn"), describe(ex)
    facts = [(f.subject, f.value) for f in ex.facts]
    assert ("年产20万吨工业硅项目", 136) in facts, describe(ex)


def test_the_firm_just_named_is_where_it_is_said_to_be() -> None:
    ex = extract("太原晋峰精密轴承股份有限公司凭借主轴轴承入选。该企业位于太原经开区，深耕轴承领域二十余年。")
    assert ("太原晋峰精密轴承股份有限公司", "太原经开区") in edges(ex, "locatedIn"), describe(ex)


def test_the_chain_leader_named_after_its_apposition() -> None:
    ex = extract("作为哈尔滨工程机械产业链的链主企业，黑龙江北原重工机械股份有限公司2025年实现营收186.4亿元。")
    assert [tail for head, tail in edges(ex, "chainLeaderOf")
            if head == "黑龙江北原重工机械股份有限公司" and tail.startswith("工程机械")], describe(ex)


def test_an_industrys_figures_are_its_places() -> None:
    ex = extract("金寨开发区主导产业中，新能源有规上企业25家，产值占比44%；装备制造有规上企业57家。")
    subjects = {f.subject for f in ex.facts}
    assert subjects == {"金寨开发区"}, describe(ex)
    assert ex.facts[0].metric.startswith("新能源"), describe(ex)


def test_a_bare_kind_word_is_the_thing_of_that_kind_just_named() -> None:
    ex = extract("皖江理工大学与恒锐智能共建皖江机器人研究院。研究院首期场地3200平方米。")
    assert [(f.subject, f.value) for f in ex.facts] == [("皖江机器人研究院", 3200)], describe(ex)


def test_a_whole_city_after_a_verb_of_aim_is_the_citys() -> None:
    ex = extract("九江低空经济产业园揭牌。九江市人民政府出台《九江市低空经济发展行动方案》，提出到2028年全市低空"
                 "经济产业规模突破200亿元。")
    assert [(f.subject, f.value) for f in ex.facts] == [("九江市", 200)], describe(ex)


def test_a_subsidiary_named_after_its_parent_is_the_subject() -> None:
    ex = extract("深圳迈德医疗科技股份有限公司的全资子公司海南迈德医疗器械有限公司，去年在海口高新区建成"
                 "医用耗材生产线，今年获得厂房租金补贴186万元。")
    assert [(f.subject, f.value) for f in ex.facts] == [("海南迈德医疗器械有限公司", 186)], describe(ex)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("陕北能源大学副校长、氢能研究院院长郑启明教授介绍，研究院已引进博士41人。", "郑启明"),
        ("托克托县县长王立新在接受采访时说，园区将扩大规模。", "王立新"),
    ],
    ids=["honorific", "zai"],
)
def test_a_name_ends_before_an_honorific_or_zai(text: str, person: str) -> None:
    ex = extract(text)
    assert find(ex, person, "Person") is not None, describe(ex)


def test_a_platform_firm_named_after_a_zone_is_one_firm() -> None:
    ex = extract("甘肃陇华半导体材料有限公司由陇华光电与兰州新区城市发展投资集团有限公司共同出资设立。"
                 "陇华光电澄清，网传公司将在西安设立第二生产基地的消息不实。")
    assert find(ex, "兰州新区城市发展投资集团有限公司", "Company") is not None, describe(ex)
    assert not [e for e in ex.entities if e.name in ("投资集团有限公司", "网传公司")], describe(ex)


def test_supply_to_a_customer_named_before_or_after() -> None:
    ex = extract("围绕云南滇岳新能源科技股份有限公司，一批上下游企业相继落户麒麟区：曲靖恒辉石英材料有限公司为其"
                 "配套供应石英坩埚，云南岭丰铝业有限公司向其供货光伏组件边框。")
    supplies = edges(ex, "suppliesTo")
    assert ("曲靖恒辉石英材料有限公司", "云南滇岳新能源科技股份有限公司") in supplies, describe(ex)
    assert ("云南岭丰铝业有限公司", "云南滇岳新能源科技股份有限公司") in supplies, describe(ex)
    ex = extract("黑龙江冰川铸造科技有限公司年产铸件6万吨，约七成供应黑龙江北原重工机械股份有限公司。")
    assert ("黑龙江冰川铸造科技有限公司", "黑龙江北原重工机械股份有限公司") in edges(ex, "suppliesTo"), describe(ex)


def test_a_subsidiary_named_with_its_parent_is_its_subsidiary_and_the_actor() -> None:
    ex = extract("云南滇岳新能源科技股份有限公司全资子公司曲靖滇岳光伏材料有限公司投资建设年产20GW单晶硅片项目。"
                 "隆辉光伏是浙江隆辉新能源集团股份有限公司的全资子公司。")
    subs = edges(ex, "subsidiaryOf")
    assert ("曲靖滇岳光伏材料有限公司", "云南滇岳新能源科技股份有限公司") in subs, describe(ex)
    assert ("隆辉光伏", "浙江隆辉新能源集团股份有限公司") in subs, describe(ex)
    assert {h for h, _ in edges(ex, "investsIn")} == {"曲靖滇岳光伏材料有限公司"}, describe(ex)


def test_a_policys_parts_and_the_sums_it_offers_are_its_figures() -> None:
    ex = extract("市政府印发《汝阳市光伏产业发展行动计划》，从要素保障、人才引进等方面提出18条具体措施。\n\n"
                 "近日，海口市出台《海口市医疗器械产业若干措施》。\n\n对新入驻产业园的企业，前三年租金给予最高100%补贴；"
                 "单个产品临床试验费用补贴最高500万元。")
    facts = {(bare(f.subject), f.value) for f in ex.facts}
    assert facts == {("汝阳市光伏产业发展行动计划", 18), ("海口市医疗器械产业若干措施", 100),
                     ("海口市医疗器械产业若干措施", 500)}, describe(ex)


def test_a_denied_plan_gives_no_relation() -> None:
    ex = extract("值得一提的是，甘肃陇华光电科技股份有限公司同日在投资者互动平台澄清，网传公司将在西安设立第二生产"
                 "基地的消息不实，公司目前没有在甘肃省外建设生产基地的计划。")
    assert not [r for r in ex.relations if r.tail == "西安"], describe(ex)


def test_a_deputy_mayor_works_for_the_city_government_a_county_head_for_the_county() -> None:
    ex = extract("九江低空经济产业园揭牌。九江市副市长周立新出席。九江市人民政府今年6月出台《行动方案》。")
    assert ("周立新", "九江市人民政府") in edges(ex, "worksFor"), describe(ex)
    ex = extract("齐河县委副书记、县长王晓峰介绍，齐河县今年新增企业30家。")
    assert ("王晓峰", "齐河县") in edges(ex, "worksFor"), describe(ex)


def test_a_sentence_with_no_subject_goes_on_with_the_organisation_before() -> None:
    ex = extract("据介绍，秦岭氢能研究院首期投入3.2亿元，重点围绕绿氢制备开展攻关。目前已引进研发人员126人，"
                 "其中博士41人。")
    assert {(f.subject, f.value) for f in ex.facts} >= {("秦岭氢能研究院", 126), ("秦岭氢能研究院", 41)}, describe(ex)


def test_a_base_named_by_a_firms_declared_short_name_and_a_place_is_a_firm_of_its_own() -> None:
    """The short name is known only from the document (its 简称), so the sentence pass cannot see the base."""
    ex = extract("赣州新能源产业园再添新项目\n\n"
                 "江西章江储能科技股份有限公司（以下简称“章江储能”）总部位于南昌，今年投资12亿元建设章江储能赣州基地，"
                 "年产储能电池8GWh。")
    assert find(ex, "章江储能赣州基地", "Company"), describe(ex)
    assert ("章江储能赣州基地", "江西章江储能科技股份有限公司") in edges(ex, "subsidiaryOf"), describe(ex)
    assert find(ex, "赣州", "Region") or find(ex, "赣州市", "Region"), describe(ex)


def test_a_name_follows_the_longest_title_not_a_shorter_one_inside_it() -> None:
    """董事|长孙… would read a compound surname (长孙) out of the title 董事长."""
    ex = extract("湖南岳麓生物科技有限公司今年营收增长。湖南岳麓生物科技有限公司董事长孙立平表示，新产线将于年底投产。")
    assert find(ex, "孙立平", "Person") and not find(ex, "长孙立平"), describe(ex)
    assert ("孙立平", "湖南岳麓生物科技有限公司") in edges(ex, "worksFor"), describe(ex)


def test_a_subsidiarys_name_opens_where_the_parents_known_short_name_does() -> None:
    """锐|驰 split by the segmenter would cut the subsidiary's name after 锐驰; the document knows 锐驰动力."""
    ex = extract("深圳市锐驰动力科技有限公司（简称“锐驰动力”）与柳州高新区签约。"
                 "项目将由锐驰动力新设的全资子公司锐驰动力（柳州）电驱科技有限公司负责建设运营。")
    assert find(ex, "锐驰动力（柳州）电驱科技有限公司", "Company"), describe(ex)
    assert not find(ex, "动力（柳州）电驱科技有限公司"), describe(ex)


def test_a_parks_name_opens_with_the_county_the_segmenter_read_as_a_word() -> None:
    ex = extract("项目已落户石家庄市正定县的正定药谷产业园，计划明年投产。")
    assert find(ex, "正定药谷产业园", "Park") and not find(ex, "药谷产业园", "Park"), describe(ex)


def test_a_project_its_owner_builds_is_named_though_its_name_says_only_what_it_makes() -> None:
    ex = extract("湖南岳麓生物科技有限公司投资建设的高端制剂产业化项目已落户浏阳经济技术开发区。")
    assert find(ex, "高端制剂产业化项目", "Project"), describe(ex)
    assert ("湖南岳麓生物科技有限公司", "高端制剂产业化项目") in edges(ex, "undertakes"), describe(ex)
    ex = extract("园区今年将推进一批产业化项目。")
    assert not [e for e in ex.entities if e.type == "Project"], describe(ex)


def test_a_trade_name_the_segmenter_splits_into_a_noun_and_a_verb_stays_whole() -> None:
    ex = extract("宜都锂能科技有限公司落户园区。")
    assert find(ex, "宜都锂能科技有限公司", "Company"), describe(ex)
    assert not find(ex, "科技有限公司"), describe(ex)


def test_a_period_before_yuanqu_makes_no_park_and_a_split_trade_name_stays_whole() -> None:
    ex = extract("前三季度园区协调解决用地问题47件。四季度开发区将全力推动签约项目。"
                 "十堰实业鑫达零部件有限公司今年扩产。")
    assert not [e for e in ex.entities if e.type == "Park"], describe(ex)
    assert find(ex, "十堰实业鑫达零部件有限公司", "Company"), describe(ex)
    assert not find(ex, "零部件有限公司"), describe(ex)


def test_a_rare_character_the_segmenter_tags_as_a_particle_stays_in_the_name() -> None:
    ex = extract("宜昌市各园区简介\n\n【猇亭精细化工园】主导产业为磷化工、精细化工。")
    assert find(ex, "猇亭精细化工园", "Park") and not find(ex, "亭精细化工园"), describe(ex)


def test_a_declared_short_name_has_no_shorter_name_of_its_own() -> None:
    ex = extract("赣州北辰稀土永磁科技股份有限公司（以下简称北辰永磁）去年营收63亿元。记者走进北辰永磁。"
                 "北辰永磁开发了一体化永磁驱动总成。")
    assert find(ex, "赣州北辰稀土永磁科技股份有限公司", "Company"), describe(ex)
    assert not find(ex, "永磁"), describe(ex)


def test_a_product_is_an_industry_only_where_the_text_names_it_as_a_field() -> None:
    ex = extract("园区形成了电解液、隔膜配套。")
    assert not [e for e in ex.entities if e.type == "Industry"], describe(ex)
    # 整车企业, 电池企业: firms named by what they make; 装备制造企业: firms of a sector.
    ex = extract("园区推动比亚迪、长安汽车等整车企业与本地零部件企业对接，产业发展提速。")
    assert not find(ex, "整车", "Industry"), describe(ex)
    ex = extract("县里现有装备制造企业36家。")
    assert find(ex, "装备制造", "Industry"), describe(ex)
    ex = extract("遵义市大力发展电解液产业。")
    assert find(ex, "电解液", "Industry") or find(ex, "电解液产业", "Industry"), describe(ex)


def test_a_faculty_joins_two_fields_with_yu_and_names_its_university() -> None:
    ex = extract("松原石化大学材料科学与工程学院院长宋立平介绍，学院与松原高新区共建了中试基地。"
                 "松原高新区与查干湖理工学院签约。")
    assert find(ex, "松原石化大学材料科学与工程学院", "University"), describe(ex)
    assert find(ex, "松原石化大学", "University"), describe(ex)
    assert find(ex, "查干湖理工学院", "University") and not find(ex, "工程学院"), describe(ex)


def test_a_name_joined_to_the_one_before_it_never_opens_with_the_joining_word() -> None:
    ex = extract("公司与中国科学院昆明材料技术与工程研究所合作。园区与云南省农业科学院共建中试基地。")
    assert find(ex, "中国科学院昆明材料技术与工程研究所", "ResearchInstitute"), describe(ex)
    assert find(ex, "云南省农业科学院", "ResearchInstitute"), describe(ex)
    assert not [e for e in ex.entities if e.name.startswith(("与", "园区"))], describe(ex)


def test_a_places_named_cluster_is_one_industry_and_names_the_place_too() -> None:
    ex = extract("株洲轨道交通装备产业集群入选国家先进制造业集群。")
    assert find(ex, "株洲轨道交通装备产业集群", "Industry"), describe(ex)
    assert find(ex, "株洲", "Region") or find(ex, "株洲市", "Region"), describe(ex)
    assert ("株洲轨道交通装备产业集群", "国家先进制造业集群") in edges(ex, "hasDesignation"), describe(ex)


def test_a_fixed_phrase_right_before_the_legal_form_is_the_firms_trade() -> None:
    ex = extract("（三）齐齐哈尔北疆生物工程有限公司投资6.3亿元建设的年产2万吨氨基酸发酵项目今年落户园区。")
    assert find(ex, "齐齐哈尔北疆生物工程有限公司", "Company"), describe(ex)


def test_an_adverb_and_a_verb_before_yuanqu_name_no_park() -> None:
    ex = extract("重庆华岭包装制品有限公司（简称“华岭包装”）成立于2015年。所产的纸箱直接供给园区企业。")
    assert not [e for e in ex.entities if e.type == "Park"], describe(ex)


def test_the_press_short_name_keeps_the_brand_and_the_last_trade_word() -> None:
    """桂驰|新能源|汽车 is called 桂驰汽车, 宏骏|汽车|部件 宏骏部件: the brand and the last word of the trade."""
    ex = extract("柳州汽车产业链加快延伸\n\n广西桂驰新能源汽车有限公司、柳州宏骏汽车部件有限公司今年扩产。"
                 "在宏骏部件，总经理罗建明介绍，公司为桂驰汽车配套座椅骨架，今年上半年产值4.3亿元。")
    assert ("柳州宏骏汽车部件有限公司", "广西桂驰新能源汽车有限公司") in edges(ex, "suppliesTo"), describe(ex)
    assert not find(ex, "宏骏部件") and not find(ex, "桂驰汽车"), describe(ex)


def test_a_foreign_firms_short_name_drops_its_country_and_legal_form() -> None:
    """日本东和精机株式会社 is 东和精机 to the press, so its Chinese subsidiary's name opens with it whole."""
    ex = extract("嘉兴新签外资项目\n\n"
                 "日本东和精机株式会社投资1.2亿美元设立的东和精机（嘉兴）有限公司当天开工建设精密减速器项目。")
    assert find(ex, "东和精机（嘉兴）有限公司", "Company"), describe(ex)
    assert not find(ex, "精机（嘉兴）有限公司"), describe(ex)


def test_a_character_the_segmenter_glued_onto_a_known_parks_name_is_not_part_of_it() -> None:
    """——访|凤湖…: the segmenter reads 访凤湖 as a word; the document names the park with its place."""
    ex = extract("新材料园如何长出研发链？——访凤湖新材料产业园三方代表\n\n"
                 "宁波凤湖新材料产业园地处宁波市北仑区，去年园区规上工业产值达到326亿元。")
    parks = sorted(e.name for e in ex.entities if e.type == "Park")
    assert parks == ["宁波凤湖新材料产业园"], describe(ex)


def test_a_single_character_morpheme_inside_a_parks_name_belongs_to_it() -> None:
    """运河|湾 (湾 a morpheme to the segmenter) is part of 宿迁运河湾经济技术开发区."""
    ex = extract("3月18日上午，宿迁运河湾经济技术开发区（以下简称“运河湾经开区”）2026年春季重大项目集中签约活动举行。")
    assert find(ex, "宿迁运河湾经济技术开发区", "Park"), describe(ex)


def test_xuanzhi_ends_a_parks_name_on_its_left() -> None:
    ex = extract("宿迁经开区签约新项目\n\n江苏恒瑞光伏科技有限公司拟投资38亿元，项目选址宿迁经开区光伏产业园。")
    assert not [e for e in ex.entities if e.name.startswith("项目选址")], describe(ex)


def test_a_name_two_spaces_after_its_title_is_a_person() -> None:
    ex = extract("博爱县2026年政府工作报告（节选）\n博爱县县长  郑文杰\n\n一、2025年工作回顾")
    assert find(ex, "郑文杰", "Person"), describe(ex)


def test_a_bare_zone_word_before_a_parks_name_is_not_part_of_it() -> None:
    ex = extract("来自上海的弘毅智能装备股份有限公司把华东第二生产基地放在经开区锦绣智能制造产业园，首期投资7.5亿元。")
    assert find(ex, "锦绣智能制造产业园", "Park") and not find(ex, "经开区锦绣智能制造产业园"), describe(ex)


def test_a_phase_word_before_a_projects_name_is_not_part_of_it() -> None:
    ex = extract("肇庆基地建设提速\n\n"
                 "惠州华瀚储能科技股份有限公司在肇庆投资建设的基地，一期年产20GWh储能电池项目已于去年投产。")
    assert find(ex, "年产20GWh储能电池项目", "Project"), describe(ex)


def test_a_joint_rd_centre_is_an_institute_but_a_universitys_joint_centre_is_no_new_name() -> None:
    ex = extract("河北科技大学与河北华岳药业集团有限公司联合组建创新制剂联合研发中心。")
    assert find(ex, "创新制剂联合研发中心", "ResearchInstitute"), describe(ex)
    ex = extract("西安交大、日立公司和西北有色金属研究院联合研发中心揭牌。")
    assert not find(ex, "西北有色金属研究院联合研发中心"), describe(ex)


def test_a_rare_verb_between_a_place_and_a_zone_word_is_the_zones_name() -> None:
    ex = extract("1月13日，镇江润扬高新技术产业开发区（以下简称“润扬高新区”）召开工作会议。"
                 "润扬高新区全年实现营业总收入2186.5亿元。企业入驻高新区后发展很快。")
    parks = {e.name for e in ex.entities if e.type == "Park"}
    assert parks == {"镇江润扬高新技术产业开发区"}, describe(ex)
    assert [f.subject for f in ex.facts if f.value == 2186.5] == ["镇江润扬高新技术产业开发区"], describe(ex)


def test_a_rank_or_class_word_before_yuanqu_names_no_park() -> None:
    ex = extract("全市园区亩均税收平均为19.2万元，而排名末位园区不足10万元，在全省的同类园区里排在前十。")
    assert not [e.name for e in ex.entities if e.type == "Park"], describe(ex)


def test_a_citys_bare_yuanqu_is_its_parks_as_a_class() -> None:
    ex = extract("岳阳市园区经济运行简报\n\n1—10月，全市14个省级及以上园区实现技工贸总收入3862亿元。")
    assert not [e.name for e in ex.entities if e.type == "Park"], describe(ex)


def test_a_locative_nei_ends_a_firms_name_on_its_left() -> None:
    ex = extract("园区内湖南岳麓智驱科技有限公司电驱系统产量达到46万套，同比增长38%。")
    assert find(ex, "湖南岳麓智驱科技有限公司", "Company"), describe(ex)


def test_a_title_and_the_person_after_it_are_no_part_of_a_bodys_name() -> None:
    ex = extract("党工委书记钱立峰出席会议并讲话，管委会主任周启明代表管委会作工作报告。产业链链长制办公室负责协调。")
    bodies = {e.name for e in ex.entities if e.type == "GovernmentBody"}
    assert "管委会主任周启明代表管委会" not in bodies and find(ex, "周启明", "Person"), describe(ex)
    assert "产业链链长制办公室" in bodies, describe(ex)


def test_a_well_known_firms_branch_names_its_parent() -> None:
    ex = extract("中联重科常德分公司完成产值59亿元，增长7.5%。")
    assert find(ex, "中联重科", "Company"), describe(ex)
    assert ("中联重科常德分公司", "中联重科") in edges(ex, "subsidiaryOf"), describe(ex)


def test_a_list_closed_by_a_count_of_chains_or_tracks_names_industries() -> None:
    ex = extract("园区确定了玉米深加工、乳制品、生物发酵三条主导产业链，"
                 "围绕电池铝箔、高性能铝合金、复合材料三条细分赛道招商。")
    industries = {e.name for e in ex.entities if e.type == "Industry"}
    assert {"玉米深加工", "生物发酵", "电池铝箔", "高性能铝合金"} <= industries, describe(ex)
    assert "生物" not in industries, describe(ex)


def test_a_parenthesised_place_inside_a_projects_name_is_part_of_it() -> None:
    ex = extract("由凯盛科技集团有限公司投资建设的凯盛（镇江）光伏玻璃项目落户丁卯片区，总投资65亿元。")
    assert find(ex, "凯盛（镇江）光伏玻璃项目", "Project"), describe(ex)


def test_the_sum_invested_before_a_plainly_named_project_makes_it_a_project() -> None:
    ex = extract("四川巴蜀味坊食品集团有限公司投资6.5亿元的预制菜中央厨房项目落户永川区。")
    assert find(ex, "预制菜中央厨房项目", "Project"), describe(ex)
    assert [f.subject for f in ex.facts if f.value == 6.5] == ["预制菜中央厨房项目"], describe(ex)


def test_invest_after_a_well_known_firm_is_the_verb_not_part_of_its_name() -> None:
    ex = extract("比亚迪投资建设的长沙电池基地项目总投资50亿元。其中，宁德时代新能源科技股份有限公司投资45亿元建设的"
                 "储能基地已于去年投产。")
    assert find(ex, "比亚迪", "Company") and not find(ex, "比亚迪投资"), describe(ex)
    assert find(ex, "宁德时代新能源科技股份有限公司", "Company"), describe(ex)
    assert not find(ex, "宁德时代新能源科技股份有限公司投资"), describe(ex)
    assert find(extract("比亚迪投资有限公司今年成立。"), "比亚迪投资有限公司", "Company")


def test_a_policys_title_written_again_bare_and_cut_short_is_the_same_policy() -> None:
    ex = extract("关于印发《湖州市支持新材料和智能装备产业高质量发展的若干措施》的通知\n"
                 "湖州市支持新材料和智能装备产业高质量发展的若干措施\n"
                 "对首次入选国家级专精特新“小巨人”企业的，给予一次性奖励50万元。")
    policies = {e.name for e in ex.entities if e.type == "Policy"}
    assert policies == {"《湖州市支持新材料和智能装备产业高质量发展的若干措施》"}, describe(ex)


def test_a_technical_verb_before_the_ending_is_part_of_the_name() -> None:
    ex = extract("杭州智能感知研究院是一家新型研发机构。"
                 "5.再生铝及汽车轮毂生产项目，总投资9亿元，落户富阳经济技术开发区。")
    assert find(ex, "杭州智能感知研究院", "ResearchInstitute"), describe(ex)
    assert find(ex, "再生铝及汽车轮毂生产项目", "Project"), describe(ex)


def test_a_list_of_projects_with_labelled_investors() -> None:
    ex = extract("本次签约项目如下：\n"
                 "1.冷链食品精深加工项目，投资方：浙江禾丰冷链物流有限公司，总投资12亿元，落户嘉善经济技术开发区；\n"
                 "2.高端轴承项目，投资方：嘉兴恒远投资集团有限公司旗下嘉兴恒远精工有限公司，总投资8亿元，落户嘉善县。")
    assert find(ex, "冷链食品精深加工项目", "Project"), describe(ex)
    located = edges(ex, "locatedIn")
    assert ("冷链食品精深加工项目", "嘉善经济技术开发区") in located, describe(ex)
    assert ("浙江禾丰冷链物流有限公司", "嘉善经济技术开发区") not in located, describe(ex)
    invests = edges(ex, "investsIn")
    assert ("浙江禾丰冷链物流有限公司", "冷链食品精深加工项目") in invests, describe(ex)
    assert ("嘉兴恒远精工有限公司", "高端轴承项目") in invests, describe(ex)
    assert ("嘉兴恒远投资集团有限公司", "高端轴承项目") not in invests, describe(ex)


def test_under_a_title_heading_the_firms_an_item_names_as_partners_hold_no_title() -> None:
    ex = extract("一、专精特新“小巨人”企业\n"
                 "杭州启明微电子有限公司、杭州恒拓传感科技有限公司入选。其中，杭州恒拓传感科技有限公司是吉利汽车的核心"
                 "传感器供应商，并为比亚迪、零跑汽车等车企配套。\n"
                 "二、链主企业与创新型企业\n"
                 "杭州湾汽车零部件有限公司被认定为杭州市汽车零部件产业链链主企业。\n"
                 "三、绿色工厂\n"
                 "杭州临平纺织有限公司。")
    titled = {h for h, _ in edges(ex, "hasDesignation")}
    assert {"杭州启明微电子有限公司", "杭州恒拓传感科技有限公司"} <= titled, describe(ex)
    assert not titled & {"吉利汽车", "比亚迪", "零跑汽车"}, describe(ex)
    assert not find(ex, "链主企业与创新型企业"), describe(ex)


def test_a_rare_bound_morpheme_inside_a_firms_name_is_part_of_it() -> None:
    # The segmenter glues 华 to 北京 and leaves 骋 alone, tagged as a verb morpheme.
    ex = extract("北京华骋精密机械有限公司今年投产。")
    assert find(ex, "北京华骋精密机械有限公司", "Company"), describe(ex)


def test_a_firms_party_committee_is_the_firm_not_a_government_body() -> None:
    ex = extract("湖南衡岳重工股份有限公司（以下简称“衡岳重工”）去年营收52亿元。"
                 "衡岳重工党委书记、董事长罗建平告诉记者，公司在衡阳本地的配套企业已有41家。")
    assert not any(e.type == "GovernmentBody" for e in ex.entities), describe(ex)
    assert {f.subject for f in ex.facts if f.value == 41} == {"湖南衡岳重工股份有限公司"}, describe(ex)


def test_a_joint_lab_named_by_its_builders_joined_by_a_dash_is_one_name() -> None:
    ex = extract("（三）江城大学—武汉光启精密仪器有限公司（光启精密）光学检测联合实验室，设在东湖高新区。"
                 "双方还将共建江城大学—华科智能机器人联合研究院。")
    labs = {e.name for e in ex.entities if e.type == "ResearchInstitute"}
    assert "江城大学—武汉光启精密仪器有限公司（光启精密）光学检测联合实验室" in labs, describe(ex)
    assert "江城大学—华科智能机器人联合研究院" in labs, describe(ex)
    assert find(ex, "武汉光启精密仪器有限公司", "Company"), describe(ex)  # the builder is still named
    # A builder's short name that opens with a county's (沭阳|理工) is still a piece of the lab's name.
    ex = extract("（一）沭阳理工—江苏恒瑞精密仪器有限公司光学检测联合实验室。由双方共同建设。")
    assert find(ex, "沭阳理工—江苏恒瑞精密仪器有限公司光学检测联合实验室", "ResearchInstitute"), describe(ex)
    # The last builder of a name that goes on is not the lab.
    ex = extract("西江理工-三洋公司-岭南有色金属研究院联合研发中心揭牌。")
    assert not any("-" in e.name and e.name.endswith("研究院") for e in ex.entities), describe(ex)


def test_a_chain_leader_title_names_the_chain_and_keeps_the_bare_title() -> None:
    ex = extract("湘江重工股份有限公司是湖南工程机械产业链链主企业。"
                 "长沙星沙汽车有限公司被认定为长沙新能源汽车产业链链主企业，长沙麓谷显示科技有限公司被认定为"
                 "新型显示材料领域链主企业。")
    titles = {e.name for e in ex.entities if e.type == "Designation"}
    assert titles == {"链主企业"}, describe(ex)
    leads = {(h, t.removesuffix("产业链")) for h, t in edges(ex, "chainLeaderOf")}
    assert {("湘江重工股份有限公司", "工程机械"), ("长沙星沙汽车有限公司", "新能源汽车"),
            ("长沙麓谷显示科技有限公司", "新型显示材料")} <= leads, describe(ex)
    # Called the chain's leader, a firm leads it (GUIDE 12: instead of the bare title); named on a list of them
    # (被认定为), it holds the title as well.
    holders = {h for h, _ in edges(ex, "hasDesignation")}
    assert "湘江重工股份有限公司" not in holders, describe(ex)
    assert {"长沙星沙汽车有限公司", "长沙麓谷显示科技有限公司"} <= holders, describe(ex)


@pytest.mark.parametrize("text, name, etype, absent", [
    ("龙头企业湖南衡岳重工集团有限公司2025年营收42亿元。", "湖南衡岳重工集团有限公司", "Company",
     "龙头企业湖南衡岳重工集团有限公司"),
    ("铜箔供应商江西铜博科技（九江）有限公司总投资35亿元。", "江西铜博科技（九江）有限公司", "Company",
     "铜箔供应商江西铜博科技（九江）有限公司"),
    ("宜兴与中国科学院过程工程研究所共建的宜兴环保技术研究院孵化企业41家。", "中国科学院过程工程研究所",
     "ResearchInstitute", "宜兴与中国科学院过程工程研究所"),
    ("20万吨/年高端聚丙烯项目总投资86亿元。", "20万吨/年高端聚丙烯项目", "Project", "年高端聚丙烯项目"),
])
def test_descriptors_places_and_capacities_at_a_names_edge(text: str, name: str, etype: str, absent: str) -> None:
    ex = extract(text)
    assert find(ex, name, etype) and not find(ex, absent), describe(ex)


def test_a_named_fund_is_a_company_and_a_count_of_funds_names_none() -> None:
    ex = extract("市级财政出资2亿元设立云岭新材料产业发展基金，总规模10亿元，重点投向园区项目。")
    assert find(ex, "云岭新材料产业发展基金", "Company"), describe(ex)
    ex = extract("园区与多家机构合作设立了10只产业投资基金。")
    assert not [e for e in ex.entities if "基金" in e.name], describe(ex)


def test_a_firms_trade_name_used_alone_is_its_alias_unless_two_firms_or_a_place_share_it() -> None:
    ex = extract("江西宝川昌超合金股份有限公司从一个小作坊起家。宝川昌带动周边20多家配套企业发展。")
    firm = find(ex, "江西宝川昌超合金股份有限公司", "Company")
    assert firm is not None and "宝川昌" in firm.aliases, describe(ex)
    assert not find(ex, "宝川昌") or find(ex, "宝川昌") is firm, describe(ex)
    ex = extract("天津瑞川昌机器人股份有限公司与北京瑞川昌超合金股份有限公司签约。瑞川昌将在园区建设新工厂。")
    assert not [e for e in ex.entities if "瑞川昌" in e.aliases], describe(ex)


def test_an_adjective_after_de_describes_a_product_and_names_no_firm() -> None:
    ex = extract("“这种4.5微米的极薄铜箔，主要供给宁德时代和国轩高科。”")
    assert not find(ex, "极薄铜箔"), describe(ex)
    assert not [r for r in ex.relations if r.relation == "suppliesTo"], describe(ex)


def test_a_county_short_name_that_is_an_everyday_word_does_not_start_a_body() -> None:
    # 合作 is also 合作市's short name: 省经济合作局 is the province's bureau, not a bureau of 合作
    ex = extract("云南省经济合作局与贵州省投资促进局签署协议。省经济合作局局长杨光宇介绍了情况。")
    assert not find(ex, "合作局"), describe(ex)
    assert ("杨光宇", "云南省经济合作局") in {(r.head, r.tail) for r in ex.relations if r.relation == "worksFor"}, \
        describe(ex)
    ex = extract("本期月报汇总云岭新能源材料产业园、北流陶瓷产业园10月份运行情况。")
    assert find(ex, "云岭新能源材料产业园", "Park"), describe(ex)


def test_the_links_of_a_chain_joined_by_dashes_are_no_industries() -> None:
    ex = extract("园区主导产业为锂电池材料，已形成“镍钴冶炼—前驱体—正极材料—电池回收”产业链。")
    names = {e.name for e in ex.entities if e.type == "Industry"}
    assert not names & {"镍钴冶炼", "前驱体", "正极材料", "电池回收"}, describe(ex)
    ex = extract("云岭光伏产业园以晶硅光伏为主导产业，已引进电池片、组件、光伏玻璃等上下游企业14家。")
    assert not find(ex, "光伏玻璃", "Industry"), describe(ex)


def test_a_part_of_the_country_opening_a_projects_name_is_part_of_it() -> None:
    ex = extract("双方在雅安大数据产业园共同建设西部智算中心项目，总投资45亿元。")
    assert find(ex, "西部智算中心项目", "Project"), describe(ex)
