"""The relation-confidence model (kg.extraction.calibrate): features on composed sentences, the committed model file,
rescoring that touches only confidences, and training that gives the same bytes for the same input.

The firms, parks and people below are made up for these tests.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from kg.building.pipeline import extract_document
from kg.extraction import calibrate
from kg.model import Relation, trained_threshold
from kg.text.documents import make_document

SCORER = Path(__file__).resolve().parents[3] / "shared" / "eval" / "score.py"
TEXT = ("湖州莫干山高新区重点发展智能装备和新材料产业。浙江启衡储能科技股份有限公司位于湖州莫干山高新区，"
        "公司总经理王立新说，企业计划明年与浙江大学合作建设储能研究院。\n"
        "江苏恒澜新材料有限公司未入驻园区。")


def captured(text: str = TEXT, name: str = "probe.txt") -> tuple[list[Relation], calibrate.DocumentView]:
    """The relations as the rules give them (before rescoring) and the document's view."""
    with calibrate.capturing() as found:
        extract_document(make_document(name, name, text.encode("utf-8")))
    assert len(found) == 1
    return found[0]


def relation(rels: list[Relation], head: str, name: str, tail: str) -> Relation:
    hits = [r for r in rels if (r.head, r.relation, r.tail) == (head, name, tail)]
    assert hits, [(r.head, r.relation, r.tail) for r in rels]
    return hits[0]


# ---------------------------------------------------------------------------------------------------- features


def test_features_of_a_pair_in_one_clause_with_its_cue() -> None:
    rels, view = captured()
    located = relation(rels, "浙江启衡储能科技股份有限公司", "locatedIn", "湖州莫干山高新区")
    f = calibrate.features(located, view)
    assert f["rel=locatedIn"] == f["sig=locatedIn:Company>Park"] == f["where=both"] == 1.0
    assert f["same_clause"] == 1.0 and f["clause_breaks"] == 0.0
    assert f["own_cue_clause"] == f["own_cue_between"] == 1.0  # 位于 stands between the two names
    assert f["head_first"] == 1.0 and f["hedge"] == 0.0 and f["negation"] == 0.0
    assert f["tail_is_doc_topic"] == 1.0  # the park the document is about


def test_features_of_a_pair_across_clauses_in_a_hedged_sentence() -> None:
    rels, view = captured()
    partner = relation(rels, "浙江启衡储能科技股份有限公司", "cooperatesWith", "浙江大学")
    f = calibrate.features(partner, view)
    assert f["same_clause"] == 0.0 and f["clause_breaks"] >= 1.0
    assert f["hedge"] == 1.0  # 计划…合作建设: an aim, not a fact
    assert f["distance"] > calibrate.features(relation(rels, "浙江大学", "coBuilds", "储能研究院"), view)["distance"]


def test_features_of_an_enumeration_and_a_malformed_name() -> None:
    rels, view = captured()
    focus = relation(rels, "湖州莫干山高新区", "focusesOn", "智能装备")
    f = calibrate.features(focus, view)
    assert f["tail_enumerated"] > 0.0  # 智能装备和新材料产业
    assert f["malformed_name"] == 0.0
    odd = replace(focus, tail="了智能装备")
    assert calibrate.features(odd, view)["malformed_name"] == 1.0


def test_features_where_the_head_is_not_in_the_sentence() -> None:
    rels, view = captured("湖州莫干山高新区2024年工业营收120亿元。园区重点发展智能装备产业。")
    for r in rels:
        f = calibrate.features(r, view)
        assert sum(v for k, v in f.items() if k.startswith("where=")) == 1.0
        assert all(isinstance(v, float) for v in f.values())


def test_negation_is_a_feature() -> None:
    rels, view = captured("浙江启衡储能科技股份有限公司尚未落户湖州莫干山高新区。")
    assert rels
    for r in rels:
        assert calibrate.features(r, view)["negation"] == 1.0


# ------------------------------------------------------------------------------------------ the committed model


def test_the_committed_model_loads_and_gives_probabilities() -> None:
    model = calibrate.load_model()
    assert model is not None, ("kg/extraction/models/relation_confidence.json is missing: "
                               "python -m kg.extraction.calibrate train")
    assert 0.0 < model.threshold < 1.0
    data = json.loads(calibrate.MODEL_PATH.read_text(encoding="utf-8"))
    assert data["format"] == calibrate.MODEL_FORMAT
    assert all(" " not in k or k.startswith("rule=") for k in data["weights"])  # feature names, no text
    # Every weight is of a group the model uses: a model trained before a feature was renamed fails here.
    assert all(any(k.startswith(g) for g in calibrate.MODEL_FEATURES) for k in data["weights"])
    rels, view = captured()
    for r in rels:
        assert 0.0 < model.probability(calibrate.features(r, view)) < 1.0


def test_rescoring_changes_only_confidences() -> None:
    from kg.extraction import recognize, relations, resolve
    from kg.extraction.lexicon import load

    doc = make_document("probe.txt", "probe.txt", TEXT.encode("utf-8"))
    lex = load()
    mentions, aliases = recognize.document_pass(doc, recognize.recognise(doc), lex)
    entities, resolved = resolve.document_entities(mentions, aliases, lex)
    raw, topics = relations.extract(doc, mentions, entities, resolved)
    model = calibrate.Model({"rel=locatedIn": 2.0, "same_clause": 1.0}, -1.0, 0.5)
    rescored = calibrate.rescore(raw, doc, mentions, entities, resolved, topics, model=model)
    assert raw and len(rescored) == len(raw)
    for before, after in zip(raw, rescored, strict=True):
        assert replace(after, confidence=before.confidence) == before
        assert 0.0 <= after.confidence <= 1.0
    located = relation(rescored, "浙江启衡储能科技股份有限公司", "locatedIn", "湖州莫干山高新区")
    assert located.confidence == round(1 / (1 + math.exp(-2.0)), 3)  # -1 + 2 (locatedIn) + 1 (same clause)


def test_extraction_carries_the_models_confidences() -> None:
    rels, view = captured()
    model = calibrate.load_model()
    assert model is not None
    extracted = extract_document(view.doc).relations
    assert [(r.head, r.relation, r.tail) for r in extracted] == [(r.head, r.relation, r.tail) for r in rels]
    assert [r.confidence for r in extracted] == [round(model.probability(calibrate.features(r, view)), 3)
                                                  for r in rels]


def test_without_a_model_the_rules_confidences_stand(tmp_path: Path) -> None:
    assert calibrate.load_model(tmp_path / "absent.json") is None
    assert trained_threshold(tmp_path / "absent.json") == 0.0


def test_applying_the_model_imports_no_learning_library() -> None:
    code = ("import sys; from kg.extraction import calibrate; m = calibrate.load_model(); "
            "m.probability({'rel=locatedIn': 1.0}); "
            "print(sorted(k for k in ('numpy', 'sklearn', 'scipy') if k in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


# ---------------------------------------------------------------------------------------------------- training


def test_fitting_is_deterministic_and_learns_the_direction() -> None:
    rows = [{"rel=a": 1.0, "distance": d / 10} for d in range(20)] + [{"rel=b": 1.0, "distance": d / 5}
                                                                        for d in range(20)]
    labels = [int(d < 12) for d in range(20)] + [int(d % 3 == 0) for d in range(20)]
    first = calibrate.model_json(calibrate.fit_logistic(rows, labels, 1.0, groups=("rel=", "distance"),
                                                        min_count=1), 0.5, {})
    second = calibrate.model_json(calibrate.fit_logistic(rows, labels, 1.0, groups=("rel=", "distance"),
                                                         min_count=1), 0.5, {})
    assert first == second
    model = calibrate.model_from_json(json.loads(first))
    assert model.weights["distance"] < 0  # the farther, the less often right in these rows
    # Groups not asked for get no weight; rare one-hots neither.
    only = calibrate.fit_logistic(rows, labels, 1.0, groups=("distance",))
    assert set(only.weights) == {"distance"}
    rare = calibrate.fit_logistic(rows + [{"rel=c": 1.0}], labels + [1], 1.0, groups=("rel=",), min_count=4)
    assert "rel=c" not in rare.weights


def test_a_weight_of_two_counts_a_row_twice() -> None:
    rows = [{"rel=a": 1.0, "distance": d / 10} for d in range(20)] + [{"rel=b": 1.0, "distance": d / 5}
                                                                        for d in range(20)]
    labels = [int(d < 12) for d in range(20)] + [int(d % 3 == 0) for d in range(20)]
    groups = ("rel=", "distance")
    weighted = calibrate.fit_logistic(rows, labels, 1.0, groups=groups, min_count=1,
                                      weights=[2.0] * 20 + [1.0] * 20)
    doubled = calibrate.fit_logistic(rows + rows[:20], labels + labels[:20], 1.0, groups=groups, min_count=1)
    assert weighted.weights.keys() == doubled.weights.keys()
    for k, v in weighted.weights.items():
        assert v == pytest.approx(doubled.weights[k], rel=1e-6, abs=1e-9)
    assert weighted.intercept == pytest.approx(doubled.intercept, rel=1e-6, abs=1e-9)
    plain = calibrate.fit_logistic(rows, labels, 1.0, groups=groups, min_count=1)
    assert plain.weights["distance"] != pytest.approx(weighted.weights["distance"], rel=1e-3)


def test_labels_follow_the_scorers_matching() -> None:
    class Gold:
        relations = [{"head": "甲公司", "relation": "cooperatesWith", "tail": "乙大学"},
                     {"head": "甲公司", "relation": "locatedIn", "tail": "丙园区"}]

        def resolve(self, name: str) -> set[int]:
            return {"甲公司": {0}, "乙大学": {1}, "丙园区": {2}}.get(name, set())

    class Scorer:
        SYMMETRIC = {"cooperatesWith"}

        @staticmethod
        def norm(name: str) -> str:
            return name

    def rel(h: str, name: str, t: str) -> Relation:
        return Relation(h, name, t, "x", 0, f"{name}:test", 0.5)

    rels = [rel("乙大学", "cooperatesWith", "甲公司"), rel("甲公司", "locatedIn", "丙园区"),
            rel("甲公司", "locatedIn", "丙园区"), rel("甲公司", "locatedIn", "丁园区")]
    # Either way round for a symmetric relation; a repeated edge and an unknown name are wrong.
    assert calibrate.label(rels, Gold(), Scorer) == [1, 1, 0, 0]


@pytest.mark.skipif(not SCORER.is_file(), reason="the evaluation's score.py is not next to the repository")
def test_documents_kept_as_a_test_are_never_trained_on(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / f"{name}.json").write_text(json.dumps({"doc": f"articles/{name}", "entities": [],
                                                           "relations": [], "facts": []}), encoding="utf-8")
    listed = tmp_path / "never_read.txt"
    listed.write_text("# kept as a test\nb.txt  # never read\n\n", encoding="utf-8")
    assert calibrate.left_out(listed) == {"b.txt"}
    assert calibrate.left_out(tmp_path / "absent.txt") == frozenset()
    scorer = calibrate.load_scorer(SCORER)
    assert set(calibrate._gold([tmp_path], scorer)[0]) == {"a.txt", "b.txt"}
    assert set(calibrate._gold([tmp_path], scorer, calibrate.left_out(listed))[0]) == {"a.txt"}


def test_the_committed_model_left_the_never_read_articles_out() -> None:
    data = json.loads(calibrate.MODEL_PATH.read_text(encoding="utf-8"))
    never_read = calibrate.left_out(calibrate._defaults()[3])
    assert len(never_read) >= 24
    assert data["training"]["left_out"] == len(never_read)
    assert data["training"]["composed_weight"] == calibrate.COMPOSED_WEIGHT
    # The line is chosen on the development set (seeds and dev), not on the composed articles trained on beside it:
    # there, out of fold, it keeps relation precision at the target.
    chosen = data["training"]["leave one document out"]
    assert "development" in chosen["by_threshold"] and chosen["threshold"] == data["threshold"]
    assert chosen["precision"] >= calibrate.TARGET_PRECISION


@pytest.mark.slow
@pytest.mark.skipif(not SCORER.is_file(), reason="the evaluation's score.py is not next to the repository")
def test_training_twice_gives_the_same_model_file(tmp_path: Path) -> None:
    texts, gold = tmp_path / "texts", tmp_path / "gold"
    texts.mkdir()
    gold.mkdir()
    docs = {
        "a.txt": (TEXT, [("浙江启衡储能科技股份有限公司", "locatedIn", "湖州莫干山高新区"),
                         ("湖州莫干山高新区", "focusesOn", "智能装备")]),
        "b.txt": ("宁波栎社新材料实验室位于宁波高新区。宁波高新区重点发展新材料和智能制造产业。",
                  [("宁波高新区", "focusesOn", "新材料")]),
        "c.txt": ("绵阳涪江科技城管委会联合四川大学建设中试平台。绵阳涪江科技城聚焦电子信息产业。",
                  [("绵阳涪江科技城", "focusesOn", "电子信息")]),
    }
    for name, (text, edges) in docs.items():
        (texts / name).write_text(text, encoding="utf-8")
        ents = sorted({n for h, _, t in edges for n in (h, t)})
        (gold / f"{name}.json").write_text(json.dumps({
            "doc": name, "entities": [{"name": n, "type": "Park", "aliases": []} for n in ents],
            "relations": [{"head": h, "relation": r, "tail": t} for h, r, t in edges], "facts": []},
            ensure_ascii=False), encoding="utf-8")
    outputs = []
    for run in (1, 2):
        out = tmp_path / f"model{run}.json"
        proc = subprocess.run([sys.executable, "-m", "kg.extraction.calibrate", "train", "--gold", str(gold), "--texts",
                               str(texts), "--scorer", str(SCORER), "--out", str(out)], capture_output=True,
                              text=True, timeout=300, cwd=Path(__file__).resolve().parents[2])
        assert proc.returncode == 0, proc.stderr
        assert "leave one document out" in proc.stdout
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    model = calibrate.model_from_json(json.loads(outputs[0]))
    assert model.weights
