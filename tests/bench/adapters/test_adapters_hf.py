"""suzhou_news/bench/adapters/hf.py: Hugging Face token-classification models, on tiny models built here.

Nothing is downloaded: each model is a ``BertForTokenClassification`` made from a
``BertConfig`` with a handful of dimensions, and a ``BertTokenizerFast`` over a
vocabulary written by the test, saved into ``tmp_path``.  Two kinds:

* *designed*: no transformer layer, no position or segment embeddings, one-hot
  word embeddings and a classifier that gives each vocabulary entry the label the
  test chooses, so the output is known exactly (alignment, chunking);
* *random*: one layer, randomly initialised with a fixed seed (the end-to-end
  runs through ``bench`` and ``score``).

Run with the ``[hf]`` extra installed: ``pip install 'suzhou-news[hf]'``;
without torch or transformers the module is skipped.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_data import ARTICLES  # the tiny gold dataset; the tiny_gold fixture comes from conftest.py

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from suzhou_news.bench.baselines import registry  # noqa: E402
from suzhou_news.bench.predictions import write_jsonl  # noqa: E402
from suzhou_news.bench.report import validate_results  # noqa: E402
from suzhou_news.cli import main  # noqa: E402

SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
CHARS = sorted({ch for text in ARTICLES.values() for ch in text if not ch.isspace()})
VOCAB = SPECIAL + CHARS + ["ab", "##cd"]


def save_model(root: Path, labels: list[str], *, designed: dict[str, str] | None = None, seed: int = 0,
               max_positions: int = 64) -> Path:
    """A tiny model in ``root``; ``designed`` maps vocabulary entries to their label (others get labels[0])."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "vocab.txt").write_text("\n".join(VOCAB) + "\n", encoding="utf-8")
    tokenizer = transformers.BertTokenizerFast(str(root / "vocab.txt"))
    common = {"vocab_size": len(VOCAB), "max_position_embeddings": max_positions,
              "id2label": dict(enumerate(labels)), "label2id": {lab: i for i, lab in enumerate(labels)}}
    torch.manual_seed(seed)
    if designed is None:
        config = transformers.BertConfig(hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                                         intermediate_size=32, **common)
        model = transformers.BertForTokenClassification(config)
    else:
        config = transformers.BertConfig(hidden_size=len(VOCAB), num_hidden_layers=0, num_attention_heads=1,
                                         intermediate_size=8, **common)
        model = transformers.BertForTokenClassification(config)
        emb = model.bert.embeddings
        with torch.no_grad():
            emb.word_embeddings.weight.copy_(torch.eye(len(VOCAB)))
            emb.position_embeddings.weight.zero_()
            emb.token_type_embeddings.weight.zero_()
            emb.LayerNorm.weight.fill_(1.0)
            emb.LayerNorm.bias.zero_()
            model.classifier.weight.zero_()
            model.classifier.bias.zero_()
            for token, index in tokenizer.get_vocab().items():
                model.classifier.weight[labels.index(designed.get(token, labels[0])), index] = 1.0
    model.save_pretrained(root)
    tokenizer.save_pretrained(root)
    return root


def test_word_pieces_take_the_label_of_their_first_piece(tmp_path):
    """"北京abcd天安门": abcd is the pieces ab + ##cd; ##cd says B but must not split the word."""
    model = save_model(tmp_path / "m", list("SBME"), designed={"北": "B", "京": "E", "ab": "B", "##cd": "B",
                                                                "天": "B", "安": "M", "门": "E"})
    seg = registry.get("hf.cws.v1", model=str(model))
    assert seg.segment(["北京abcd天安门", "北京 abcd"]) == [["北京", "abcd", "天安门"], ["北京", "abcd"]]


def test_iobes_labels_and_a_label_map_give_character_spans(tmp_path):
    labels = ["O", "B-NR", "E-NR", "S-NS", "B-NT", "I-NT", "E-NT"]
    model = save_model(tmp_path / "m", labels, designed={
        "张": "B-NR", "三": "E-NR", "苏": "S-NS", "州": "S-NS", "ab": "B-NT", "##cd": "O", "大": "I-NT",
        "学": "E-NT"})
    tagger = registry.get("hf.ner.v1", model=str(model), label_map=(("NR", "PER"), ("NS", "LOC"), ("NT", "ORG")))
    assert tagger.label_set == "msra"
    # 张三 PER; 苏 and 州 are each S-LOC; abcd (one word, B-ORG from ab) continues through 大学.
    assert tagger.tag(["张三在苏州abcd大学"]) == [[(0, 2, "PER"), (3, 4, "LOC"), (4, 5, "LOC"), (5, 11, "ORG")]]
    with pytest.raises(ValueError, match="entity type 'NR'"):
        registry.get("hf.ner.v1", model=str(model))  # without the map, NR is not a type we score


def test_long_sentences_run_in_overlapping_windows_with_the_same_result(tmp_path):
    """A context-free model gives every token the same label in any window, so chunked == whole."""
    designed = {ch: "BMES"[i % 4] for i, ch in enumerate(CHARS)}
    model = save_model(tmp_path / "m", list("SBME"), designed=designed)
    text = "".join(ARTICLES.values()).replace("\n", "").replace(" ", "")
    whole = registry.get("hf.cws.v1", model=str(model))
    chunked = registry.get("hf.cws.v1", model=str(model), max_length=8, batch_size=3)
    tokenizer = transformers.AutoTokenizer.from_pretrained(str(model))
    windows = tokenizer([text], truncation=True, max_length=8, stride=chunked._stride,
                        return_overflowing_tokens=True)["input_ids"]
    assert len(text) > 60 and len(windows) > 10 and chunked._stride == 3
    got = chunked.segment([text, "北京"])
    assert got == whole.segment([text, "北京"])
    assert "".join(got[0]) == text


def test_a_model_fine_tuned_on_the_train_split_is_scored_on_test_only(capsys, tmp_path, tiny_gold):  # noqa: F811
    model = save_model(tmp_path / "m", list("BI"))
    out = tmp_path / "out"
    assert main(["bench", "--dataset", str(tiny_gold.path), "--out", str(out), "--system", "hf", "--model", str(model),
                 "--trained", "--task", "cws"]) == 0
    capsys.readouterr()
    rows = json.loads((out / "results.json").read_text(encoding="utf-8"))["results"]
    assert [(e["system"], e["protocol"], e["trained"]) for e in rows] == [("hf.cws.v1", "test", True)]


def test_a_model_without_labels_we_can_read_or_without_a_model_says_what_to_do(tmp_path):
    model = save_model(tmp_path / "m", ["LABEL_0", "LABEL_1"])
    with pytest.raises(ValueError, match="LABEL_0"):
        registry.get("hf.ner.v1", model=str(model))
    with pytest.raises(ValueError, match="--model PATH_OR_ID"):
        registry.get("hf.cws.v1")


def _row(doc: dict, protocol: str) -> dict:
    return next(e for e in doc["results"] if e["protocol"] == protocol)


@pytest.mark.parametrize("task, labels, label_map", [
    ("cws", list("BMES"), {}),
    ("ner", ["O", "B-NR", "I-NR", "B-NS", "I-NS"], {"NR": "PER", "NS": "GPE"}),
])
def test_bench_and_score_run_a_random_tiny_model_end_to_end(capsys, tmp_path, tiny_gold,  # noqa: F811
                                                            task, labels, label_map):
    """--system hf through bench (CI, speed, memory, source), then its output through score: same F1 and CI.

    The NER model's labels need the label map, which the memory probe's child process gets too.
    """
    model = save_model(tmp_path / "model", labels, max_positions=12)  # 10 text tokens per window
    out = tmp_path / "bench"
    mapping = [arg for old, new in label_map.items() for arg in ("--label-map", f"{old}={new}")]
    assert main(["bench", "--dataset", str(tiny_gold.path), "--out", str(out), "--system", "hf",
                 "--model", str(model), "--batch-size", "2", "--device", "cpu", *mapping]) == 0
    doc = json.loads((out / "results.json").read_text(encoding="utf-8"))
    validate_results(doc)
    assert {e["system"] for e in doc["results"]} == {f"hf.{task}.v1"}
    test = _row(doc, "test")
    view = "cws" if task == "cws" else "ner_msra"
    assert test[view]["f1_ci"] is not None and test["speed"]["chars_per_second"] > 0
    assert test["speed"]["memory"]["peak_rss_mib"] > 0, test["speed"]["memory"]
    assert test["source"]["kind"] == "hf" and test["source"]["model"] == str(model)
    assert len(test["source"]["folder_sha256"]) == 64
    assert test["config"]["batch_size"] == 2 and test["config"]["label_map"] == label_map
    assert ("ner_fine" in test) == (task == "ner")  # GPE makes it a fine-label model

    # The same model's output, written as a prediction file, scores to the same figures.
    system = registry.get(f"hf.{task}.v1", model=str(model), label_map=tuple(label_map.items()))
    sentences = tiny_gold.test
    texts = [s.text for s in sentences]
    predicted = system.segment(texts) if task == "cws" else system.tag(texts)
    preds = tmp_path / "preds.jsonl"
    write_jsonl(preds, sentences, predicted, task)
    scored = tmp_path / "scored"
    argv = ["score", "--dataset", str(tiny_gold.path), "--task", task, "--predictions", str(preds),
            "--out", str(scored), "--against", str(out / "results.json")]
    assert main(argv + (["--label-set", "fine"] if task == "ner" else [])) == 0
    capsys.readouterr()
    sub = next(e for e in json.loads((scored / "results.json").read_text(encoding="utf-8"))["results"]
               if e.get("submission"))
    for v in [view] + (["ner_fine"] if task == "ner" else []):
        assert sub[v]["f1"] == test[v]["f1"] and sub[v]["f1_ci"] == test[v]["f1_ci"]
