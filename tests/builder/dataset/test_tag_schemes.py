"""The tag schemes (suzhou_news/builder/dataset/tags.py), each test run over IOB2, IOBES and BMES.

Cases are written in roles (begin, inside, end, single) and spelled in each scheme's prefixes;
the repairing decoder is compared with conlleval's startOfChunk/endOfChunk rules on random
sequences of each scheme's tags.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from suzhou_news.builder.dataset.tags import BMES, IOB2, IOBES, SCHEMES, TagError, get_scheme

ALL = [IOB2, IOBES, BMES]
ids = [s.name for s in ALL]


def spell(scheme, roles):
    """``["b-PER", "i-PER", "O"]`` in ``scheme``'s prefixes; a role the scheme lacks falls back as it
    would be written there (end -> inside, single -> begin)."""
    prefix = {"b": scheme.begin, "i": scheme.inside, "e": scheme.end or scheme.inside,
              "s": scheme.single or scheme.begin}
    return [r if r == "O" else f"{prefix[r[0]]}-{r[2:]}" for r in roles]


def conlleval_chunks(tags):
    """conlleval.pl's endOfChunk/startOfChunk (with the IOBES additions), M read as I."""
    def split(t):
        return ("O", "") if t == "O" else (t[0].replace("M", "I"), t[2:])

    out, start, prev, prev_type = [], None, "O", ""
    for i, (tag, kind) in enumerate([split(t) for t in tags] + [("O", "")]):
        end = (prev in "ES" and prev != "O") or (prev in "BI" and tag in "BSO") or (prev != "O" and prev_type != kind)
        if start is not None and end:
            out.append((start, i, prev_type))
            start = None
        if tag in "BS" or (tag in "IE" and prev in "OES") or (tag != "O" and prev_type != kind):
            start = i
        prev, prev_type = tag, kind
    return out


@st.composite
def flat_spans(draw, n=12):
    spans, used = [], set()
    for start, length, label in draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(1, 4),
                                                        st.sampled_from(["PER", "LOC", "GPE-X"])), max_size=5)):
        cells = set(range(start, min(start + length, n)))
        if not cells & used:
            used |= cells
            spans.append((start, start + len(cells), label))
    return sorted(spans)


@pytest.mark.parametrize("scheme", ALL, ids=ids)
@settings(max_examples=150, deadline=None)
@given(spans=flat_spans())
def test_encoding_round_trips_in_every_mode(scheme, spans):
    tags = scheme.encode(12, spans)
    assert all(t == "O" or scheme.split(t)[0] in scheme.prefixes() for t in tags)
    for mode in ("repair", "drop", "refuse"):
        assert scheme.decode(tags, mode) == spans


@pytest.mark.parametrize("scheme", ALL, ids=ids)
@settings(max_examples=150, deadline=None)
@given(words=st.lists(st.text("苏州市委书记", min_size=1, max_size=5), max_size=6))
def test_word_tags_round_trip(scheme, words):
    tags = scheme.encode_words(words)
    assert len(tags) == sum(map(len, words))
    text = "".join(words)
    assert [text[i:j] for i, j in scheme.decode_words(tags, "refuse")] == words


def test_the_encodings_differ_as_the_schemes_say():
    spans = [(0, 1, "PER"), (1, 4, "LOC")]
    assert IOB2.encode(5, spans) == ["B-PER", "B-LOC", "I-LOC", "I-LOC", "O"]
    assert IOBES.encode(5, spans) == ["S-PER", "B-LOC", "I-LOC", "E-LOC", "O"]
    assert BMES.encode(5, spans) == ["S-PER", "B-LOC", "M-LOC", "E-LOC", "O"]
    assert BMES.encode_words(["苏州", "市委书记", "说"]) == list("BEBMMES")


INVALID = [  # roles, conlleval's chunks, then (codes reported, entities kept by "drop") for IOB2 and for
    # the schemes with an end tag (None: the case does not exist in IOB2, which writes e- as i-)
    (["O", "i-PER", "i-PER"], [(1, 3, "PER")], (["i_after_o"], []), (["i_after_o", "unterminated_entity"], [])),
    (["b-PER", "i-LOC"], [(0, 1, "PER"), (1, 2, "LOC")], (["i_type_change"], [(0, 1, "PER")]),
     (["i_type_change", "unterminated_entity"], [])),
    (["b-PER", "i-PER", "O", "s-LOC"], [(0, 2, "PER"), (3, 4, "LOC")], ([], [(0, 2, "PER"), (3, 4, "LOC")]),
     (["unterminated_entity"], [(3, 4, "LOC")])),
    (["e-PER", "e-PER"], [(0, 1, "PER"), (1, 2, "PER")], None, (["i_after_o", "i_after_o"], [])),
]


@pytest.mark.parametrize("scheme, roles, chunks, expected", [
    pytest.param(scheme, roles, chunks, with_end if scheme.end else iob2, id=f"{scheme.name}-{k}")
    for scheme in ALL for k, (roles, chunks, iob2, with_end) in enumerate(INVALID)
    if (with_end if scheme.end else iob2) is not None])
def test_invalid_sequences_repaired_like_conlleval_dropped_or_refused(scheme, roles, chunks, expected):
    codes, kept = expected
    tags = spell(scheme, roles)
    found = []
    assert scheme.decode(tags, "repair", found.append) == chunks == conlleval_chunks(tags)
    assert [r.code for r in found] == codes
    assert scheme.decode(tags, "drop") == kept
    if codes:
        with pytest.raises(TagError, match=rf"tag {found[0].at + 1}: .*\[{codes[0]}\]"):
            scheme.decode(tags, "refuse")
    else:
        assert scheme.decode(tags, "refuse") == chunks


@pytest.mark.parametrize("scheme", ALL, ids=ids)
def test_drop_keeps_only_well_formed_entities(scheme):
    tags = spell(scheme, ["b-PER", "e-PER", "O", "i-LOC", "e-LOC", "s-ORG"])
    assert scheme.decode(tags, "drop") == [(0, 2, "PER"), (5, 6, "ORG")]
    if scheme.end:  # an entity that its end tag does not close is ill-formed too
        assert scheme.decode(spell(scheme, ["b-PER", "i-PER", "O"]), "drop") == []


@pytest.mark.parametrize("scheme", ALL, ids=ids)
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_repair_is_conlleval_and_refuse_only_accepts_what_needs_no_repair(scheme, data):
    alphabet = ["O"] + [f"{p}-{t}" for p in scheme.prefixes() for t in ("PER", "LOC")]
    tags = data.draw(st.lists(st.sampled_from(alphabet), max_size=12))
    found = []
    repaired = scheme.decode(tags, "repair", found.append)
    assert repaired == conlleval_chunks(tags)
    if found:
        with pytest.raises(TagError):
            scheme.decode(tags, "refuse")
        assert set(scheme.decode(tags, "drop")) <= set(repaired)
    else:
        assert scheme.decode(tags, "refuse") == scheme.decode(tags, "drop") == repaired


@pytest.mark.parametrize("scheme, outside", [(IOB2, "E-PER"), (IOB2, "S-PER"), (IOBES, "M-PER"), (BMES, "I-PER")],
                         ids=lambda v: v if isinstance(v, str) else v.name)
@pytest.mark.parametrize("mode", ["repair", "drop", "refuse"])
def test_a_tag_outside_the_scheme_is_refused_in_every_mode(scheme, outside, mode):
    with pytest.raises(TagError, match=rf"malformed tag '{outside}'.*the {scheme.name} scheme") as err:
        scheme.decode(["O", outside], mode)
    assert (err.value.tag, err.value.index) == (outside, 1)


@pytest.mark.parametrize("scheme", ALL, ids=ids)
@pytest.mark.parametrize("tag", ["B", "B-", "X-PER", "o", "", "PER", "BI-PER"])
def test_malformed_tags(scheme, tag):
    with pytest.raises(TagError, match="malformed tag"):
        scheme.decode([tag])


@pytest.mark.parametrize("scheme", ALL, ids=ids)
@pytest.mark.parametrize("spans, what", [
    ([(0, 2, "PER"), (1, 3, "LOC")], "overlaps another one"),
    ([(2, 2, "PER")], "is empty"),
    ([(3, 5, "PER")], "outside the 4 tokens"),
    ([(0, 1, "")], "unlabelled"),
])
def test_spans_that_cannot_be_encoded(scheme, spans, what):
    with pytest.raises(TagError, match=what):
        scheme.encode(4, spans)


def test_an_empty_word_cannot_be_encoded():
    with pytest.raises(TagError, match="empty word"):
        BMES.encode_words(["苏州", ""])


def test_types_keep_their_hyphens_and_repairs_describe_themselves():
    assert IOBES.split("B-GPE-LOC") == ("B", "GPE-LOC")
    found = []
    IOBES.decode(["B-PER", "I-PER", "O"], "repair", found.append)
    assert found[0].describe(IOBES.end, lambda i: f"line {i + 10}") == (
        "PER entity from line 10 is not closed by E-PER (an O follows)")


def test_schemes_by_name():
    assert {name: get_scheme(name) for name in SCHEMES} == {"bio": IOB2, "bioes": IOBES, "bmes": BMES}
    with pytest.raises(TagError, match=r"unknown tag scheme 'iob1'.*'bioes'"):
        get_scheme("iob1")
