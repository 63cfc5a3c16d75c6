"""Property-based tests (hypothesis) over the stages that read untrusted text.

No input raises an unexpected exception; offsets are always valid; normalisation
is idempotent; the annotation writer and reader round-trip. Kept fast: modest
``max_examples`` and no deadline, so CI stays short.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from suzhou_news.builder.gold.annotation_format import Entity, format_sentence, parse_line
from suzhou_news.builder.gold.labels import LABELS
from suzhou_news.builder.ingest.damage import Damage, decode_bytes
from suzhou_news.builder.ingest.document import build_document
from suzhou_news.builder.ingest.extract import extract
from suzhou_news.builder.ingest.normalize import clean_line, normalize_punct
from suzhou_news.builder.ingest.script import Converter
from suzhou_news.builder.ingest.sentences import split_sentences

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CONVERTER = Converter()

# page-like text: Han, CJK and ASCII punctuation, digits, Latin, spaces, line breaks, decoding marks
PAGE_CHARS = st.sampled_from(list("苏州市委会议召开强调推动发展工作。，、；：？！“”（）《》…—*＊ \n\t,.;:?!()\"'0123456789"
                                  "abcxyzāǎ區會議\ufffd\u2400>|") + ["\u3000", "e\u0301"])
pages = st.lists(PAGE_CHARS, max_size=300).map("".join)


@FAST
@given(st.binary(max_size=400))
def test_decoding_any_bytes_gives_text_or_a_reason(data):
    """Reading: any bytes → a reason code, or text with damage runs that lie inside the file, in order."""
    got = decode_bytes(data)
    if isinstance(got, str):
        assert got in ("empty_file", "binary_file", "undecodable")
        return
    text, encoding, damage = got
    assert isinstance(text, str) and encoding
    assert all(isinstance(d, Damage) and 0 <= d.byte and d.byte + d.length <= len(data) for d in damage)
    assert [d.byte for d in damage] == sorted(d.byte for d in damage)


@FAST
@given(st.text(st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufeff"), min_size=1))
def test_utf8_text_decodes_to_itself(text):
    """Reading: any UTF-8 text without control characters comes back unchanged, with no damage."""
    if not text.encode().strip():
        return
    assert decode_bytes(text.encode("utf-8")) == (text, "utf-8", ())


@FAST
@given(pages)
def test_extraction_never_fails_and_keeps_the_pages_own_characters(page):
    """Extraction: every paragraph, the title and every removed line are pieces of the page, with real line numbers."""
    ex = extract(page, fold=CONVERTER.t2s)
    squeezed = page.replace(" ", "").replace("\u3000", "").replace("\t", "")
    n_lines = page.count("\n") + 1
    for p in ex.paragraphs:
        assert p.text and p.text.replace(" ", "").replace("\u3000", "").replace("\t", "") in squeezed
        assert 1 <= p.line <= n_lines
    for r in ex.removed:
        assert 1 <= r.line <= n_lines


@FAST
@given(pages)
def test_documents_have_valid_offsets_everywhere(page):
    """Document: text and original_text share length; paragraphs, sentences, corrupted spans and redactions
    are in bounds and ordered; a corrupted span's text is what the offsets hold."""
    doc = build_document("p", page, CONVERTER)
    if doc is None:
        return
    n = len(doc.text)
    assert len(doc.original_text) == n
    for s, e, _ in doc.paragraphs:
        assert 0 <= s <= e <= n
    last = 0
    for s in doc.sentences:
        assert last <= s.start < s.end <= n and doc.text[s.start:s.end].strip() == doc.text[s.start:s.end]
        last = s.end
    for c in doc.corrupted:
        assert doc.text[c.start:c.end] == c.text
    for r in doc.redactions:
        assert doc.text[r.start:r.end] == r.text


@FAST
@given(pages)
def test_normalisation_is_idempotent_and_keeps_length(text):
    """Normalisation: clean_line and normalize_punct applied twice change nothing more; punctuation is 1:1."""
    for line in text.split("\n"):
        assert clean_line(clean_line(line)) == clean_line(line)
    once = normalize_punct(text)
    assert len(once) == len(text)
    assert normalize_punct(once) == once


@FAST
@given(pages, st.data())
def test_sentences_tile_their_paragraphs(text, data):
    """Sentence splitting (with a protected span, as a corrupted one): spans are inside their paragraph,
    stripped, and together cover every non-space character."""
    cuts = sorted(data.draw(st.sets(st.integers(0, len(text)), max_size=4)))
    bounds = [0, *cuts, len(text)]
    paragraphs = [(s, e, data.draw(st.sampled_from(["paragraph", "heading"]))) for s, e in zip(bounds, bounds[1:])]
    protected = [(s, min(s + 3, len(text))) for s in cuts[:1]]
    spans = split_sentences(paragraphs, text, protected)
    covered = set()
    for sp in spans:
        ps, pe, _ = paragraphs[sp.paragraph]
        assert ps <= sp.start < sp.end <= pe
        assert text[sp.start:sp.end] == text[sp.start:sp.end].strip()
        covered.update(range(sp.start, sp.end))
    assert all(k in covered for k in range(len(text)) if not text[k].isspace())


words = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp")).filter(lambda c: not c.isspace()),
                min_size=1, max_size=5)


@st.composite
def annotated(draw):
    tokens = draw(st.lists(words, min_size=1, max_size=8))
    entities, k = [], 0
    while k < len(tokens):
        if draw(st.booleans()):
            end = draw(st.integers(k + 1, len(tokens)))
            entities.append((k, end, draw(st.sampled_from(LABELS))))
            k = end
        else:
            k += 1
    status = draw(st.sampled_from(["reviewed", "pre"]))
    return tokens, entities, status


@FAST
@given(annotated())
def test_annotation_lines_round_trip(case):
    """Annotation writer and reader: parse(format(x)) == x, brackets and backslashes in words included."""
    tokens, entities, status = case
    line = format_sentence(tokens, entities, "d-s0000", status)
    got = parse_line(line)
    assert got.tokens == tuple(tokens) and got.status == status
    assert [(e.start_token, e.end_token, e.label) for e in got.entities] == entities
    assert format_sentence(got.tokens, got.entities, "d-s0000", status) == line
    assert all(isinstance(e, Entity) for e in got.entities)


@FAST
@given(st.text(max_size=80))
def test_the_annotation_reader_only_raises_its_own_error(line):
    """Any line: parsed, skipped, or an AnnotationError naming line and column; never another exception."""
    from suzhou_news.errors import AnnotationError

    try:
        parse_line(line, path="f.txt", lineno=3)
    except AnnotationError as exc:
        assert str(exc).startswith("f.txt:3")
