"""Relation cues on short sentences written for these tests (firms, parks and people are made up).

Each test runs the whole per-document pipeline, so it checks the cue together with the mentions it needs; a
sentence the recogniser cannot read yet is not used here (that is tests/extraction/test_extraction.py's business).
"""

from __future__ import annotations

from kg.building.pipeline import extract_document
from kg.extraction import calibrate
from kg.extraction.relations import RULE_CONFIDENCE
from kg.model import Extraction
from kg.text.documents import make_document


def extract(text: str) -> Extraction:
    return extract_document(make_document("probe.txt", "probe.txt", text.encode("utf-8")))


def edges(ex: Extraction, relation: str) -> set[tuple[str, str]]:
    return {(r.head, r.tail) for r in ex.relations if r.relation == relation}


def test_each_title_of_a_chain_names_its_employer() -> None:
    ex = extract("市委常委、云岭经开区党工委书记、管委会主任孙海峰宣布开工。云岭经开区管委会有关处室出席。")
    assert {("孙海峰", "市委"), ("孙海峰", "云岭经开区党工委"), ("孙海峰", "云岭经开区管委会")} <= edges(ex, "worksFor")


def test_a_county_executive_serves_the_county() -> None:
    ex = extract("清河县地处平原。县委副书记、县长赵志刚致辞。")
    assert ("赵志刚", "清河县") in edges(ex, "worksFor")


def test_firms_brought_into_a_park_are_located_there() -> None:
    ex = extract("近年来，云岭经开区先后引进华拓精工、明川科技、润宇新材等企业。")
    assert {(firm, "云岭经开区") for firm in ("华拓精工", "明川科技", "润宇新材")} <= edges(ex, "locatedIn")


def test_every_firm_listed_after_weiyu_de_lies_in_that_park() -> None:
    ex = extract("润宇包装所产纸箱直接供给同样位于云岭经开区的华拓精工有限公司、明川科技有限公司等企业。")
    assert {("华拓精工有限公司", "云岭经开区"), ("明川科技有限公司", "云岭经开区")} <= edges(ex, "locatedIn")


def test_customers_partners_and_investors_named_in_a_parks_sentence_are_not_thereby_in_it() -> None:
    # the park's chain leader supplies carmakers from elsewhere; a partner signs with the district; a group sets
    # up a joint venture whose project lands in the park: only what the text places there lies there
    ex = extract("贵州润宇锂能科技有限公司是云岭经开区动力电池产业链的链主企业，主要为长安汽车、奇瑞汽车等车企供货。")
    located = edges(ex, "locatedIn")
    assert not {("长安汽车", "云岭经开区"), ("奇瑞汽车", "云岭经开区")} & located, located
    ex = extract("会上，清河区还与中国航空发动机集团有限公司签署战略合作协议，双方将在云岭航空产业园共建联合创新中心。")
    assert ("中国航空发动机集团有限公司", "云岭航空产业园") not in edges(ex, "locatedIn"), edges(ex, "locatedIn")
    ex = extract("龙江农垦集团有限公司与上海鼎盛食品科技有限公司合资设立佳木斯鼎盛食品有限公司，总投资18.5亿元，"
                 "项目落地云岭经开区。")
    assert ("龙江农垦集团有限公司", "云岭经开区") not in edges(ex, "locatedIn"), edges(ex, "locatedIn")


def test_an_enumeration_before_a_landing_verb_lands_in_the_place_after_it() -> None:
    ex = extract("明川科技是一家新材料企业。明川科技、润宇新材等项目相继落户云岭经开区。")
    assert {("明川科技", "云岭经开区"), ("润宇新材", "云岭经开区")} <= edges(ex, "locatedIn")
    assert not edges(ex, "undertakes"), "members of one list do not own each other"


def test_a_relative_clause_names_the_industries_of_the_park_it_modifies() -> None:
    ex = extract("园区内部设有两个板块：主导产业为氢能、新材料的北辰产业园，以及主攻物流的南湖物流园。")
    assert {("北辰产业园", "氢能"), ("北辰产业园", "新材料")} <= edges(ex, "focusesOn")


def test_the_school_signing_with_firms_is_the_article_s_university() -> None:
    ex = extract("活动当天，学校与华拓精工股份有限公司、明川科技有限公司等单位签下12个合作项目。宁远大学校长周文说。")
    partners = {frozenset(e) for e in edges(ex, "cooperatesWith")}
    assert frozenset({"宁远大学", "华拓精工股份有限公司"}) in partners
    assert frozenset({"宁远大学", "明川科技有限公司"}) in partners


def test_a_title_won_by_unnamed_firms_is_not_the_park_s() -> None:
    ex = extract("截至目前，云岭经开区12家企业入选省级专精特新中小企业。")
    assert not edges(ex, "hasDesignation")


def test_a_firm_under_another_is_its_subsidiary() -> None:
    ex = extract("华拓集团股份有限公司旗下的华拓精工科技有限公司今年投产。")
    assert ("华拓精工科技有限公司", "华拓集团股份有限公司") in edges(ex, "subsidiaryOf")


def test_firms_investing_in_the_park_invest_in_it() -> None:
    ex = extract("云岭经开区位于湖南。今年引来华拓精工、明川科技等头部企业到开发区投资新能源项目。")
    assert ("明川科技", "云岭经开区") in edges(ex, "investsIn")


def test_confidence_is_the_rule_s_measured_precision() -> None:
    """A relation carries its rule's entry of RULE_CONFIDENCE; a stated aim (力争) is not discounted, since on the
    development set hedged relations were right as often as the others."""
    with calibrate.capturing():  # the rules' own confidences, before the learned model replaces them
        plain = extract("近年来，云岭经开区引进华拓精工、明川科技等企业。")
        aimed = extract("近年来，云岭经开区力争引进华拓精工、明川科技等企业。")
    for ex in (plain, aimed):
        found = [r for r in ex.relations if r.relation == "locatedIn"]
        assert found and all(r.confidence == RULE_CONFIDENCE.get(r.rule, RULE_CONFIDENCE["locatedIn"]) for r in found)


def test_a_firm_s_own_line_of_business_is_its_focus() -> None:
    ex = extract("明川科技有限公司是集生物医药研发、生产、销售于一体的企业，在生物医药领域深耕多年。")
    assert ("明川科技有限公司", "生物医药") in edges(ex, "focusesOn")


def test_the_holders_listed_after_a_title_s_count_hold_it() -> None:
    ex = extract("截至目前，云岭经开区拥有的省级专精特新中小企业共计3家，分别是华拓精工股份有限公司、明川科技有限公司，"
                 "以及润宇新材料有限公司。")
    holders = {h for h, t in edges(ex, "hasDesignation") if t == "省级专精特新中小企业"}
    assert holders == {"华拓精工股份有限公司", "明川科技有限公司", "润宇新材料有限公司"}


def test_a_leader_of_a_named_chain_gets_no_bare_title_and_a_list_of_fields_names_no_leader() -> None:
    ex = extract("华拓新能源是云岭经开区新能源产业链的链主企业，带动20余家配套企业落户园区。")
    assert ("华拓新能源", "新能源产业链") in edges(ex, "chainLeaderOf")
    assert not edges(ex, "hasDesignation")
    ex = extract("云岭经开区围绕新能源、新材料两大主导产业，引进了华拓新能源、明川科技等一批龙头企业。")
    assert not edges(ex, "chainLeaderOf"), "which of the two industries the firms lead is not said"


def test_firms_on_a_published_list_hold_its_title() -> None:
    ex = extract("近日，工业和信息化部公布了第五批专精特新“小巨人”企业名单，"
                 "华拓精工股份有限公司、明川科技有限公司等2家企业名列其中。")
    holders = {h for h, t in edges(ex, "hasDesignation") if t == "专精特新“小巨人”企业"}
    assert holders == {"华拓精工股份有限公司", "明川科技有限公司"}


def test_a_project_named_after_a_brand_is_the_group_s() -> None:
    ex = extract("华拓集团股份有限公司与明川科技有限公司签约。华拓集团股份有限公司旗下的华拓精工有限公司负责实施。"
                 "华拓智能装备产业园项目今天开工。")
    assert edges(ex, "undertakes") == {("华拓集团股份有限公司", "华拓智能装备产业园项目")}
    assert ("华拓精工有限公司", "华拓集团股份有限公司") in edges(ex, "subsidiaryOf")


def test_a_sub_park_named_after_its_district_is_not_put_in_the_citys_only_zone() -> None:
    """The document's only zone holds a sub-park with no place in its name, not one named after a district
    elsewhere in the city (that one lies in the district its name says)."""
    ex = extract("遵义经济技术开发区加快打造电子信息产业集群\n\n"
                 "今年以来，遵义经济技术开发区新引进电子信息项目12个。"
                 "位于汇川区的汇川智能终端产业园新落地企业5家；新建的光电产业园已完成主体工程。")
    located = edges(ex, "locatedIn")
    assert ("光电产业园", "遵义经济技术开发区") in located, located
    assert ("汇川智能终端产业园", "遵义经济技术开发区") not in located, located


def test_a_firm_named_after_another_city_is_not_put_in_the_park_the_sentence_is_about() -> None:
    """深圳… investing in a park in Guiyang comes from elsewhere; a firm named after the park's own city is local."""
    ex = extract("贵阳白云智能终端产业园加快发展\n\n贵阳白云智能终端产业园今年新增产值12亿元，"
                 "深圳市星耀电子有限公司和贵阳华昕精密电子有限公司产量均增长两成。")
    located = edges(ex, "locatedIn")
    assert ("深圳市星耀电子有限公司", "贵阳白云智能终端产业园") not in located, located
    assert ("贵阳华昕精密电子有限公司", "贵阳白云智能终端产业园") in located, located


def test_the_fields_a_policy_the_sentence_issues_aims_at_are_the_policys() -> None:
    """此次出台《…》，旨在…，重点支持A、B: the policy's focus, not the park the article is about."""
    ex = extract("赣州高新区发布稀土扶持办法\n\n赣州高新区今年产值增长一成。"
                 "此次出台《赣州高新区稀土新材料产业扶持办法》，旨在推动产业升级，重点支持稀土永磁、稀土催化两大方向。")
    focus = edges(ex, "focusesOn")
    assert ("《赣州高新区稀土新材料产业扶持办法》", "稀土永磁") in focus, focus
    assert ("赣州高新区", "稀土永磁") not in focus, focus
    ex = extract("合肥高新区集成电路产业集聚\n\n高新区先后出台《合肥高新区集成电路产业若干政策》，"
                 "围绕设计、制造等环节精准招引，逐步形成了以存储芯片、功率半导体为特色的产业集群。")
    assert ("《合肥高新区集成电路产业若干政策》", "存储芯片") not in edges(ex, "focusesOn"), edges(ex, "focusesOn")


def test_the_fields_a_places_projects_cover_are_its_focus() -> None:
    ex = extract("铜仁高新区项目签约\n\n今年以来，铜仁高新区共签约项目28个，领域涉及新型储能、智能家居等。")
    focus = edges(ex, "focusesOn")
    assert ("铜仁高新区", "新型储能") in focus and ("铜仁高新区", "智能家居") in focus, focus


def test_a_firm_whose_main_line_wraps_the_field_focuses_on_it() -> None:
    ex = extract("重庆华岭科技有限公司以汽车零部件产业为主营方向，所产的产品直接供给整车企业。")
    assert ("重庆华岭科技有限公司", "汽车零部件产业") in edges(ex, "focusesOn"), edges(ex, "focusesOn")


def test_officers_listed_after_one_firm_and_officers_of_the_firm_opening_the_sentence_work_there() -> None:
    ex = extract("深圳市锐光动力科技有限公司（以下简称“锐光动力”）董事长陈永安、总经理李思成率团到柳州考察。")
    assert ("李思成", "深圳市锐光动力科技有限公司") in edges(ex, "worksFor"), edges(ex, "worksFor")
    ex = extract("柳州康瑞医疗科技有限公司是国家高新技术企业，总经理林志平说，公司今年营收有望突破4亿元。")
    assert ("林志平", "柳州康瑞医疗科技有限公司") in edges(ex, "worksFor"), edges(ex, "worksFor")


def test_a_bare_guanweihui_in_a_title_is_the_body_the_document_names_in_full() -> None:
    ex = extract("包头稀土高新技术产业开发区管委会今日发布新政。"
                 "包头稀土高新区党工委委员、管委会副主任白晓明在发布会上介绍了有关情况。")
    assert ("白晓明", "包头稀土高新技术产业开发区管委会") in edges(ex, "worksFor"), edges(ex, "worksFor")


def test_the_company_an_officer_of_the_company_serves_is_the_firm_talked_about() -> None:
    ex = extract("江西华钛超合金股份有限公司今年新上两条产线。公司董事长施明表示，产能将翻一番。")
    assert ("施明", "江西华钛超合金股份有限公司") in edges(ex, "worksFor"), edges(ex, "worksFor")


def test_the_headlines_place_weighs_more_than_a_park_named_twice_in_the_body() -> None:
    ex = extract("曲靖市新能源产业链加快成形\n\n目前已形成从工业硅到电池片的完整链条，重点发展光伏和储能。"
                 "今年曲靖经济技术开发区新引进项目12个，曲靖经济技术开发区新增规上企业8家。")
    focus = edges(ex, "focusesOn")
    assert ("曲靖市", "储能") in focus and ("曲靖经济技术开发区", "储能") not in focus, focus



def test_a_place_reports_parks_are_siblings_not_parts_of_its_only_zone() -> None:
    ex = extract("博爱县2026年政府工作报告（节选）\n\n博爱经济技术开发区完成工业总产值485亿元；"
                 "杜曲产业园新增标准化厂房26万平方米；数字经济产业园引进相关企业近60家。")
    assert not [p for p in edges(ex, "locatedIn") if p[1] == "博爱经济技术开发区"], edges(ex, "locatedIn")


def test_a_clause_naming_another_kind_of_actor_gives_the_topic_park_no_industry() -> None:
    ex = extract("荆州经济技术开发区2025年发展回顾\n\n荆州经济技术开发区重点发展汽车零部件产业。"
                 "本批认定的技术创新中心聚焦光电子、生物医药等领域。")
    assert ("荆州经济技术开发区", "汽车零部件产业") in edges(ex, "focusesOn")
    assert not {tail for head, tail in edges(ex, "focusesOn") if tail in ("光电子", "生物医药")}


def test_what_is_set_up_or_started_in_a_bare_yuanqu_lies_in_the_park_meant() -> None:
    ex = extract("松原查干湖新材料产业园今年加快建设。长春宇航精工设备有限公司在园区设立松原分公司，"
                 "负责设备维保。年产2万吨碳纤维原丝项目在园区开工。")
    placed = edges(ex, "locatedIn")
    assert ("松原分公司", "松原查干湖新材料产业园") in placed, placed
    assert ("年产2万吨碳纤维原丝项目", "松原查干湖新材料产业园") in placed, placed


def test_a_passive_cobuilding_over_clauses_builds_the_subject_not_the_park_after_it() -> None:
    ex = extract("（一）湖南省锰基新材料技术创新中心，由湖南湘锰化工股份有限公司牵头，联合湘潭科技大学、"
                 "吉首理工学院共同组建，依托花垣工业集中区建设。")
    built = edges(ex, "coBuilds")
    assert {head for head, tail in built if tail == "湖南省锰基新材料技术创新中心"} == {
        "湖南湘锰化工股份有限公司", "湘潭科技大学", "吉首理工学院"}, built
    assert not {tail for _, tail in built if tail == "花垣工业集中区"}, built


def test_an_address_before_de_is_no_subject() -> None:
    ex = extract("近年来，位于包头市九原区的包头稀土新材料产业园以稀土永磁为主攻方向。")
    assert ("包头稀土新材料产业园", "稀土永磁") in edges(ex, "focusesOn"), edges(ex, "focusesOn")
    assert not {head for head, _ in edges(ex, "focusesOn")} & {"包头市", "九原区"}, edges(ex, "focusesOn")


def test_a_firm_investing_in_a_project_of_the_park_is_not_thereby_in_the_park() -> None:
    ex = extract("嘉兴禾兴经济开发区今年招商引资成效明显。浙江瑞丰新材料科技股份有限公司将投资18亿元，"
                 "在禾兴经开区建设年产5万吨高性能复合膜项目。")
    placed = edges(ex, "locatedIn")
    assert ("年产5万吨高性能复合膜项目", "嘉兴禾兴经济开发区") in placed, placed
    assert not {head for head, _ in placed if head == "浙江瑞丰新材料科技股份有限公司"}, placed


def test_a_bare_xiangmu_landing_is_the_project_the_sentence_named_not_its_investor() -> None:
    ex = extract("深圳星衡算力科技有限公司联合重庆渝西数字产业投资集团有限公司共同投资28亿元建设卫星湖智算中心项目，"
                 "规划算力规模3000P，项目落户永川卫星湖数字经济产业园。")
    placed = edges(ex, "locatedIn")
    assert ("卫星湖智算中心项目", "永川卫星湖数字经济产业园") in placed, placed
    assert not {head for head, _ in placed if head.endswith("有限公司")}, placed


def test_the_firms_listed_under_a_numbered_title_heading_hold_that_title() -> None:
    ex = extract("曲靖市公布2025年度优质企业榜单\n\n近日，曲靖市工业和信息化局发布榜单。\n\n"
                 "一、制造业单项冠军企业（新增2家）\n\n曲靖麒麟精密轴承有限公司、曲靖沾益电子材料有限公司。\n\n"
                 "二、瞪羚企业（新增1家）\n\n云南陆良硅业有限公司凭借高纯硅入选，该公司是云南能投集团有限公司旗下企业。\n\n"
                 "市工业和信息化局相关负责人表示，上榜企业将优先享受技改补助。")
    titles = edges(ex, "hasDesignation")
    assert ("曲靖麒麟精密轴承有限公司", "制造业单项冠军企业") in titles, titles
    assert ("曲靖沾益电子材料有限公司", "制造业单项冠军企业") in titles, titles
    assert ("云南陆良硅业有限公司", "瞪羚企业") in titles, titles
    assert not {head for head, _ in titles if head == "云南能投集团有限公司"}, titles


def test_the_firm_after_qixiade_is_the_subject_not_its_owner() -> None:
    ex = extract("中国中车旗下的中车株洲轨道装备有限公司追加投资12亿元，建设轨道交通智能维保装备项目。")
    investors = {head for head, _ in edges(ex, "investsIn")}
    assert "中车株洲轨道装备有限公司" in investors and "中国中车" not in investors, edges(ex, "investsIn")


def test_an_interview_answer_is_about_the_speakers_organisation() -> None:
    ex = extract("对话链主\n\n赣州经济技术开发区位于赣州市。赣州瑞丰钨材股份有限公司董事长刘振华接受了记者采访。\n\n"
                 "记者：公司和高校怎么合作？\n\n刘振华：我们和江西理工大学共建了钨材料联合研发中心。")
    built = edges(ex, "coBuilds")
    assert ("赣州瑞丰钨材股份有限公司", "钨材料联合研发中心") in built, built


def test_the_leading_firm_of_a_bare_yuanqu_is_in_the_park_last_named() -> None:
    ex = extract("【宜都临江装备制造产业园】\n\n主导产业：高端装备。\n\n"
                 "作为园区高端装备龙头企业，宜都三江重工集团有限公司去年产值达到86亿元。"
                 "湖北楚晶电子材料有限公司（楚晶电子）是园区电子化学品的头部企业。")
    placed = edges(ex, "locatedIn")
    assert ("宜都三江重工集团有限公司", "宜都临江装备制造产业园") in placed, placed
    assert ("湖北楚晶电子材料有限公司", "宜都临江装备制造产业园") in placed, placed


def test_supply_for_a_named_buyer_and_to_a_listed_set_of_customers() -> None:
    text = "深圳市科达精密结构件有限公司专门为贵州锂鼎新能源科技有限公司生产电池壳体。"
    supplied = edges(extract(text), "suppliesTo")
    assert ("深圳市科达精密结构件有限公司", "贵州锂鼎新能源科技有限公司") in supplied, supplied
    text = "包头北辰稀土永磁科技股份有限公司给重庆长江汽车有限公司、宁波甬锐精密模具有限公司等供应电机磁钢。"
    supplied = edges(extract(text), "suppliesTo")
    assert {tail for head, tail in supplied if head == "包头北辰稀土永磁科技股份有限公司"} == {
        "重庆长江汽车有限公司", "宁波甬锐精密模具有限公司"}, supplied


def test_a_passive_opening_its_clause_builds_what_closes_the_clause_before() -> None:
    ex = extract("（二）湖南省智能网联汽车测试技术创新中心，由长沙达安汽车检测中心有限公司与湘潭科技大学联合组建。"
                 "（三）湖南省高端激光装备技术创新中心，由长沙光谷激光装备股份有限公司牵头、中南工业大学参与共建。")
    built = edges(ex, "coBuilds")
    assert {head for head, tail in built if tail == "湖南省智能网联汽车测试技术创新中心"} == {
        "长沙达安汽车检测中心有限公司", "湘潭科技大学"}, built
    assert {head for head, tail in built if tail == "湖南省高端激光装备技术创新中心"} == {
        "长沙光谷激光装备股份有限公司", "中南工业大学"}, built


def test_a_signing_followed_by_a_cobuilding_clause_is_a_partnership() -> None:
    ex = extract("天津北辰双口智造开发区（以下简称双口开发区）举行签约会。"
                 "四是双口开发区与南开大学签约，共建技术转移中心。")
    partners = edges(ex, "cooperatesWith")
    assert {("天津北辰双口智造开发区", "南开大学"), ("南开大学", "天津北辰双口智造开发区")} & partners, partners


def test_a_bare_yuanqu_honoured_is_the_park_last_named_and_listed_schools_working_with_firms_are_no_pair() -> None:
    ex = extract("宜昌市园区巡礼\n\n【宜昌东山高新技术产业园】\n\n主导产业：生物医药。\n\n"
                 "【猇亭精细化工园】\n\n主导产业：精细化工。园区先后获评国家级绿色化工园区。")
    titles = edges(ex, "hasDesignation")
    assert ("猇亭精细化工园", "国家级绿色化工园区") in titles, titles
    ex = extract("新增条款鼓励由海南大学、海南医科大学等高校与企业联合攻关。")
    assert not edges(ex, "cooperatesWith"), edges(ex, "cooperatesWith")


def test_a_faculty_member_works_for_the_university_too() -> None:
    ex = extract("松原石化大学材料科学与工程学院教授楼佳音介绍，学院与企业合作了六年。")
    employers = {tail for head, tail in edges(ex, "worksFor") if head == "楼佳音"}
    assert employers == {"松原石化大学材料科学与工程学院", "松原石化大学"}, employers


def test_a_firm_past_the_clause_of_an_investment_is_not_invested_in() -> None:
    ex = extract("宁波恒锐精密模具有限公司拟投资6.2亿元建设汽车模具产线，"
                 "将为苏州瀚海智能科技股份有限公司等企业提供配套。")
    invested = edges(ex, "investsIn")
    assert ("宁波恒锐精密模具有限公司", "苏州瀚海智能科技股份有限公司") not in invested, invested


def test_a_government_body_grants_titles_and_holds_none() -> None:
    ex = extract("江西省科技厅获批省级工程研究中心的平台将得到支持。")
    holders = {head for head, _ in edges(ex, "hasDesignation")}
    assert "江西省科技厅" not in holders, edges(ex, "hasDesignation")


def test_a_partner_named_after_its_owner_is_the_partner() -> None:
    ex = extract("赣南科技大学与中国稀土集团有限公司下属的赣州稀土冶炼分离有限公司签订产学研合作协议。")
    partners = edges(ex, "cooperatesWith")
    assert ("赣南科技大学", "赣州稀土冶炼分离有限公司") in partners, partners
    assert not {pair for pair in partners if "中国稀土集团有限公司" in pair}, partners


def test_a_place_after_zai_is_where_something_is_built_not_who_builds_it() -> None:
    ex = extract("赣南科技大学与华为技术有限公司合作建设的鲲鹏产业学院今年招生，"
                 "双方还将在赣州共建工业互联网创新实验室。")
    builders = {head for head, _ in edges(ex, "coBuilds")}
    assert "赣州" not in builders, edges(ex, "coBuilds")


def test_what_lands_at_an_address_is_in_the_place_the_address_names_last() -> None:
    ex = extract("华岳药业投资建设的高端制剂产业化项目已落户石家庄市正定县的正定药谷产业园，总投资12亿元。")
    places = {tail for head, tail in edges(ex, "locatedIn") if head == "高端制剂产业化项目"}
    assert places == {"正定药谷产业园"}, edges(ex, "locatedIn")


def test_a_place_named_as_the_scope_of_a_ranking_is_not_where_the_park_is() -> None:
    ex = extract("漯河临颍经济技术开发区完成工业总产值485亿元，在河南省开发区综合考核中位列第23位。")
    assert ("漯河临颍经济技术开发区", "河南省") not in edges(ex, "locatedIn"), edges(ex, "locatedIn")


def test_a_place_gone_to_is_not_the_party_to_an_agreement() -> None:
    ex = extract("黑龙江望奎先锋工业园区前三季度发展情况\n\n"
                 "9月，园区赴浙江宁波开展专题推介，与宁波甬禾包装材料有限公司等企业达成合作意向。")
    parties = {head for head, _ in edges(ex, "cooperatesWith")} | {tail for _, tail in edges(ex, "cooperatesWith")}
    assert "浙江" not in parties and "宁波" not in parties, edges(ex, "cooperatesWith")


def test_the_builders_of_a_lab_placed_in_a_park_are_not_thereby_in_it() -> None:
    ex = extract("湖北省智能网联汽车测试技术创新中心，由襄阳达安汽车检测中心有限公司与武汉理工大学联合组建，"
                 "位于襄阳高新区。")
    placed = edges(ex, "locatedIn")
    assert ("襄阳达安汽车检测中心有限公司", "襄阳高新区") not in placed, placed
    # (a firm the sentence makes the park's own still is, though it co-builds too)
    ex = extract("江西青禾锂电科技有限公司是青禾高新区锂电产业链链主企业，与南昌大学共建锂电研究院。")
    assert ("江西青禾锂电科技有限公司", "青禾高新区") in edges(ex, "locatedIn"), edges(ex, "locatedIn")


def test_the_fields_of_a_policys_preamble_are_the_policys() -> None:
    ex = extract("株洲白关航空动力产业园政策解读\n\n《株洲市加快航空动力产业发展若干措施》近日印发。\n\n"
                 "为深入贯彻《湖南省先进制造业高地建设三年行动计划》，推动工业级无人机、航空零部件等领域集聚发展，"
                 "结合株洲市实际，制定以下措施。")
    focus = edges(ex, "focusesOn")
    assert ("《株洲市加快航空动力产业发展若干措施》", "航空零部件") in focus, focus
    assert not {pair for pair in focus if pair[0] == "株洲白关航空动力产业园"}, focus


def test_the_customers_listed_after_wei_are_supplied_by_the_sentences_firm() -> None:
    ex = extract("贵州锂峰新能源科技有限公司合计产能40GWh，主要为长安汽车、奇瑞汽车以及宁德时代等客户提供电芯和模组。")
    supplied = edges(ex, "suppliesTo")
    assert {("贵州锂峰新能源科技有限公司", c) for c in ("长安汽车", "奇瑞汽车", "宁德时代")} <= supplied, supplied
    assert ("长安汽车", "宁德时代") not in supplied, supplied


def test_the_builders_of_a_numbered_items_platform_build_it() -> None:
    ex = extract("（二）杭州MEMS传感器中试平台。该平台落户杭州高新区，由之江实验室、杭州士兰微电子股份有限公司"
                 "共同出资组建。（三）杭州具身智能机器人创新中心。由浙江工业大学联合杭州宇树科技有限公司、"
                 "吉利集团旗下杭州吉智汽车技术有限公司共同组建。")
    built = edges(ex, "coBuilds")
    platform, centre = "杭州MEMS传感器中试平台", "杭州具身智能机器人创新中心"
    assert {("之江实验室", platform), ("杭州士兰微电子股份有限公司", platform), ("浙江工业大学", centre),
            ("杭州宇树科技有限公司", centre)} <= built
    assert not {t for _, t in built} & {"杭州高新区"}, built  # where it lands is not what is built
    assert ("吉利集团", centre) not in built, built  # the owner of a builder builds nothing


def test_an_academician_holds_an_honour_not_a_post_at_the_academy() -> None:
    ex = extract("研究院院长、中国工程院院士周立明表示，研究院正与长沙中联精工有限公司联合攻关。"
                 "学校获批国家技术转移示范机构。")
    assert ("周立明", "中国工程院") not in edges(ex, "worksFor"), edges(ex, "worksFor")
    assert any(t == "国家技术转移示范机构" for _, t in edges(ex, "hasDesignation")), edges(ex, "hasDesignation")


def test_the_founders_of_a_joint_venture_invest_in_it() -> None:
    ex = extract("宁波恒远精工有限公司与德国博林机械股份有限公司合资设立宁波恒博传动有限公司。"
                 "岳阳锂源新材料有限公司于2024年投产。该公司由湖南长岭化工集团有限公司与江西赣能锂业有限公司合资设立。")
    invests = edges(ex, "investsIn")
    assert {("宁波恒远精工有限公司", "宁波恒博传动有限公司"), ("德国博林机械股份有限公司", "宁波恒博传动有限公司"),
            ("湖南长岭化工集团有限公司", "岳阳锂源新材料有限公司"),
            ("江西赣能锂业有限公司", "岳阳锂源新材料有限公司")} <= invests, invests
    partners = edges(ex, "cooperatesWith")
    assert ("宁波恒远精工有限公司", "德国博林机械股份有限公司") in partners, partners


def test_an_actor_founding_or_carrying_out_something_in_a_place_is_not_thereby_in_it() -> None:
    ex = extract("2024年，云岭科技大学在西安成立云岭技术转移中心有限公司。")
    assert ("云岭科技大学", "西安") not in edges(ex, "locatedIn"), edges(ex, "locatedIn")
    ex = extract("在咸阳高端装备产业园，云岭科技大学与陕西秦川电驱科技有限公司联合建设的电驱动系统联合研发中心"
                 "于9月揭牌。")
    located = edges(ex, "locatedIn")
    assert ("云岭科技大学", "咸阳高端装备产业园") not in located, located
    assert ("电驱动系统联合研发中心", "咸阳高端装备产业园") in located, located


def test_places_naming_where_the_partners_come_from_are_no_partners_of_a_co_building() -> None:
    ex = extract("近年来，云岭科技大学先后与宝鸡、咸阳、杨凌等地的园区和企业共建各类创新平台19个。")
    partners = edges(ex, "cooperatesWith")
    assert not {("云岭科技大学", "宝鸡"), ("云岭科技大学", "咸阳")} & partners, partners


def test_the_firm_a_group_founded_in_a_park_is_the_subject_of_what_follows() -> None:
    ex = extract("德国云森传动系统有限公司在云岭经开区设立的云森传动（荆州）有限公司二期工厂已于8月建成，"
                 "产品主要供应东风荆州专用车有限公司。")
    supplies = edges(ex, "suppliesTo")
    assert ("云森传动（荆州）有限公司", "东风荆州专用车有限公司") in supplies, supplies
    assert ("德国云森传动系统有限公司", "东风荆州专用车有限公司") not in supplies, supplies


def test_a_meeting_that_releases_a_policy_names_no_issuer() -> None:
    ex = extract("云岭经开区集中签约项目12个。推介会还发布了《重点招商目录（2026年版）》。")
    assert not edges(ex, "issuedBy"), edges(ex, "issuedBy")


def test_each_body_of_a_list_issuing_a_policy_jointly_issues_it() -> None:
    ex = extract("近日，宜昌市工业和信息化局、宜昌市财政局、宜昌市商务局联合印发《宜昌市支持新材料产业的若干措施》。")
    issuers = {tail for head, tail in edges(ex, "issuedBy")}
    assert {"宜昌市工业和信息化局", "宜昌市财政局", "宜昌市商务局"} <= issuers, issuers


def test_a_bare_company_or_school_officer_works_for_the_firm_or_university_the_text_is_about() -> None:
    ex = extract("在云岭园区北侧，云岭华港工业气体有限公司的装置正在运转。\n"
                 "同样受益的还有云岭粤西石化装备制造有限公司。该公司原本以维修业务为主。公司总经理陈耀辉说，订单翻了一番。")
    assert ("陈耀辉", "云岭粤西石化装备制造有限公司") in edges(ex, "worksFor"), edges(ex, "worksFor")
    ex = extract("云岭科技大学与多家企业共建平台。云岭科技大学累计转化成果386项。校长赵廷峰表示，成果转化要面向产业。")
    assert ("赵廷峰", "云岭科技大学") in edges(ex, "worksFor"), edges(ex, "worksFor")


def test_a_body_after_you_acting_on_what_lies_in_a_place_does_not_lie_there() -> None:
    ex = extract("奖补资金由市、区两级财政分担，其中落户云岭新区的项目由云岭新区管理局承担。")
    assert ("云岭新区管理局", "云岭新区") not in edges(ex, "locatedIn"), edges(ex, "locatedIn")
    ex = extract("东风云岭零部件有限公司是东风汽车集团有限公司旗下的二级子公司。")
    assert not [e for e in ex.entities if e.name == "二级子公司"], ex.entities


def test_a_cluster_named_alone_as_a_lists_item_is_no_focus_of_the_paragraphs_place() -> None:
    ex = extract("湖北省经济和信息化厅公布2024年度湖北省重点成长型产业集群名单。\n"
                 "1.襄阳高新技术产业开发区新能源与智能网联汽车产业集群\n2.宜昌猇亭化工园精细磷化工产业集群")
    assert not {(h, t) for h, t in edges(ex, "focusesOn") if h == "湖北省"}, edges(ex, "focusesOn")


def test_a_section_heading_that_says_what_was_built_is_no_title_and_names_no_builder() -> None:
    ex = extract("云岭科技大学与多家企业共建平台。\n一、共建稀土永磁材料联合研发中心\n"
                 "云岭科技大学与云岭磁材科技有限公司签约，共建稀土永磁材料联合研发中心。\n三、共建稀土绿色冶炼工程研究中心\n")
    assert not [e for e in ex.entities if e.type == "Designation"], ex.entities
    builders = {h for h, t in edges(ex, "coBuilds") if t == "稀土永磁材料联合研发中心"}
    assert builders <= {"云岭科技大学", "云岭磁材科技有限公司"}, builders
