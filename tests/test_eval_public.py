"""The public-set evaluation (``python -m eval.public.run``) on small files in each set's format.

The files are written here (synthetic lines, not the sets): the readers, the real
pipeline and the figures are what is tested; the report must hold no text of the sets.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from eval.public import metrics, run, sets  # noqa: E402

sys.path.remove(str(REPO))

COCC = [
    (
        "客户来电投诉营业厅工作人员服务态度恶劣，要求给个说法并赔偿，已经打了好几次电话没人处理。",
        "服务问题",
    ),
    (
        "客户反映本月被多扣了二十元套餐费，不知道什么原因，要求查明并退还，否则投诉到工信部。",
        "费用问题",
    ),
]
WAIMAI = [
    ("0", "等了两个小时才送到，饭都凉了，太过分了，差评"),
    ("1", "很快，好吃，量大，下次还点"),
]
SENTIMENT = [("negative", "气死 我 了 ， 什么 破 服务"), ("positive", "今天 天气 真 好 ， 开心")]
MOBILECS = [
    {
        "id": "d1",
        "content": [
            {
                "[SPEAKER 1]": "你好，很高兴为您服务",
                "[SPEAKER 2]": "你好，我想查一下流量",
                "客服意图": "问候",
            },
            {"[SPEAKER 1]": "好的，已经为您查到了", "[SPEAKER 2]": "好的谢谢", "客服意图": "通知"},
            {
                "[SPEAKER 1]": "不客气，请问还有其他可以帮您的吗？感谢您的来电，再见",
                "[SPEAKER 2]": "没有了",
                "客服意图": "客套,再见",
            },
        ],
    }
]


def write_sets(root: Path) -> None:
    """Files in the four sets' own formats under ``root`` (a stand-in ``--data-dir``)."""
    (root / "cocc_complaint_orders").mkdir(parents=True)
    (root / "cocc_complaint_orders" / "COCC.txt").write_text(
        "".join(f"{t}\t{lab}\n" for t, lab in COCC), encoding="utf-8"
    )
    (root / "waimai_10k").mkdir()
    (root / "waimai_10k" / "waimai_10k.csv").write_text(
        "label,review\n" + "".join(f"{lab},{t}\n" for lab, t in WAIMAI), encoding="utf-8"
    )
    (root / "conversation_sentiment").mkdir()
    (root / "conversation_sentiment" / "sentiment_XS_test.txt").write_text(
        "labels,text\n" + "".join(f"{lab},{t}\n" for lab, t in SENTIMENT), encoding="utf-8"
    )
    (root / "mobilecs_seretod_sample").mkdir()
    (root / "mobilecs_seretod_sample" / "example.json").write_text(
        json.dumps(MOBILECS, ensure_ascii=False), encoding="utf-8"
    )


def test_readers_build_valid_records(tmp_path: Path) -> None:
    write_sets(tmp_path)
    cocc = list(sets.cocc(tmp_path))
    assert [i.label for i in cocc] == ["服务问题", "费用问题"]
    assert cocc[0].record["turns"] == [{"speaker": "customer", "text": COCC[0][0]}]
    waimai = list(sets.waimai(tmp_path))
    assert [i.label for i in waimai] == ["negative", "positive"]
    assert [t["speaker"] for t in waimai[0].record["turns"]] == ["agent", "customer", "agent"]
    sentiment = list(sets.sentiment(tmp_path))
    assert sentiment[0].record["turns"][1]["text"] == "气死我了，什么破服务"  # spaces removed
    (dialogue,) = sets.mobilecs(tmp_path)
    assert [t["speaker"] for t in dialogue.record["turns"]] == ["agent", "customer"] * 3
    assert dialogue.extra["agent_intents"] == [["问候"], ["通知"], ["客套", "再见"]]


def test_missing_set_raises_naming_the_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="COCC.txt"):
        list(sets.cocc(tmp_path))


def test_figures_from_the_real_pipeline(tmp_path: Path, default_pipeline) -> None:
    write_sets(tmp_path)
    items = list(sets.cocc(tmp_path))
    fig = metrics.cocc(items, run.score(items, default_pipeline))
    assert fig["n"] == 2 and fig["failed"] == 0
    # an angry complaint about service, and one naming the regulator: both complaints, >= P2
    assert fig["complaint_any"] == 1.0
    assert fig["escalation_words"] == {"n": 1, "at_least_p2": 1.0}
    items = list(sets.waimai(tmp_path))
    fig = metrics.polarity(items, run.score(items, default_pipeline))
    assert fig["negative"]["upset"] == 1.0 and fig["positive"]["upset"] == 0.0
    assert fig["negative"]["c05_failed"] == 0
    items = list(sets.mobilecs(tmp_path))
    fig = metrics.mobilecs(items, run.score(items, default_pipeline))
    assert fig["agent_greets"] == 1 and fig["agent_closes"] == 1
    assert fig["c01_passed"] == 0  # 你好 without the institution and 工号
    assert fig["c10_passed"] == 1  # asks for anything else and thanks


def test_bad_record_is_an_error_not_a_crash(default_pipeline) -> None:
    item = sets.Item({"id": "x", "channel": "chat", "turns": []}, "negative")
    (result,) = run.score([item], default_pipeline)
    assert not isinstance(result, dict)
    assert metrics.polarity([item], [result])["negative"]["failed"] == 1


def test_report_skips_absent_sets_and_holds_no_text(tmp_path: Path) -> None:
    data = tmp_path / "data"
    write_sets(data)
    (data / "waimai_10k" / "waimai_10k.csv").unlink()
    out = tmp_path / "REPORT.md"
    assert run.main(["--data-dir", str(data), "--out", str(out)]) == 0
    report = out.read_text(encoding="utf-8")
    assert "waimai_10k.csv not found" in report
    assert "tickets 2, failed records 0" in report
    for text in [t for t, _ in COCC] + [t for _, t in WAIMAI] + ["气死我了"]:
        assert text[:8] not in report
