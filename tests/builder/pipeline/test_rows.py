"""Documents → the columns of the ``documents`` and ``sentences`` configs, and the sentence hashes."""

import hashlib

from suzhou_news.builder.dataset.schema import load_schema
from suzhou_news.builder.dataset.write import columns_to_table
from suzhou_news.builder.ingest.document import build_document, sentence_flags
from suzhou_news.builder.ingest.pages import Page, PageMeta
from suzhou_news.builder.ingest.script import Converter
from suzhou_news.builder.pipeline.rows import document_columns, sentence_columns, sentence_hashes
from pipeline_corpus import article

REDACTED = article(1).replace("会议强调", "会议强调**同志")


def _docs():
    converter = Converter()
    pages = [Page("a.txt", None, "txt", "a", article(0), "utf-8", "0" * 64),
             Page("b.jsonl", 3, "jsonl", "b", REDACTED, "utf-8", "1" * 64, PageMeta(url="https://x.cn/b"))]
    return [build_document(p.id_hint, p.text, converter, p.meta) for p in pages], pages


def test_sentence_columns_hold_every_sentence_in_document_order():
    """Row k of each column is sentence k of the batch: id, offsets, text slice, flags (a redaction included)."""
    docs, _ = _docs()
    cols = sentence_columns(docs, "")
    expected = [(d.id, i, s) for d in docs for i, s in enumerate(d.sentences)]
    assert len(expected) > 4 and all(len(v) == len(expected) for v in cols.values())
    for k, (doc_id, i, s) in enumerate(expected):
        doc = docs[0] if doc_id == "a" else docs[1]
        assert (cols["id"][k], cols["doc_id"][k], cols["index"][k]) == (f"{doc_id}-s{i:04d}", doc_id, i)
        assert (cols["start"][k], cols["end"][k], cols["text"][k]) == (s.start, s.end, doc.text[s.start:s.end])
        assert (cols["is_heading"][k], cols["flags"][k], cols["split"][k]) == (s.is_heading, sentence_flags(doc, s), "")
    assert any("redacted" in f for f in cols["flags"])
    assert columns_to_table(cols, load_schema("sentences"), "sentences").num_rows == len(expected)


def test_document_columns_carry_the_page_provenance():
    """The page gives encoding, raw hash, URL and source format; the document the rest."""
    docs, pages = _docs()
    cols = document_columns(docs, pages, "train")
    assert cols["id"] == ["a", "b"] and cols["split"] == ["train", "train"]
    assert cols["url"] == [None, "https://x.cn/b"] and cols["source_format"] == ["txt", "jsonl"]
    assert cols["raw_sha256"] == ["0" * 64, "1" * 64]
    assert cols["redactions"][1] == [{"start": r.start, "end": r.end, "text": r.text} for r in docs[1].redactions] != []
    table = columns_to_table(cols, load_schema("documents"), "documents")
    assert table.column("paragraphs").to_pylist()[0] == [
        {"start": s, "end": e, "kind": ["paragraph", "heading", "subtitle", "list_item"].index(k)}
        for s, e, k in docs[0].paragraphs]


def test_sentence_hashes_of_a_batch_are_the_hashes_of_each_sentence():
    """One array for a batch; each value the 64-bit little-endian BLAKE2b of the sentence without whitespace."""
    texts = ["苏州 发布。", "苏州发布！", "", "第二句\t话。"]
    got = sentence_hashes(texts)
    keys = ["苏州发布。", "苏州发布！", "", "第二句话。"]
    assert got.dtype.name == "uint64"
    assert got.tolist() == [int.from_bytes(hashlib.blake2b(k.encode("utf-8"), digest_size=8).digest(), "little")
                            for k in keys]
    assert sentence_hashes([]).tolist() == []
