"""suzhou_news/bench/adapters/_labels.py: label maps, word-piece alignment and window merging, without a model.

Inputs are what a fast tokenizer returns per window: word ids and character
offsets that refer to the whole text, ``None`` for special tokens.
"""

from __future__ import annotations

import pytest

from suzhou_news.bench.adapters._labels import (
    LabelError,
    Unit,
    check_labels,
    fill_gaps,
    map_label,
    merge_windows,
    spans_from_units,
    words_from_units,
)


def test_label_map_renames_whole_labels_types_and_drops_types_mapped_to_o():
    mapping = {"B-NR": "B-PER", "NS": "LOC", "TIME": "O"}
    assert map_label("B-NR", mapping) == "B-PER"
    assert map_label("I-NR", mapping) == "I-NR"  # a whole-label entry renames that label only
    assert [map_label(t, mapping) for t in ("B-NS", "E-NS", "S-TIME", "O", "B-PER")] == [
        "B-LOC", "E-LOC", "O", "O", "B-PER"]


def test_check_labels_picks_the_label_set_and_names_what_it_cannot_read():
    assert check_labels("ner", ["O", "B-PER", "I-LOC", "S-ORG"], "m") == "msra"
    assert check_labels("ner", ["O", "B-GPE", "E-TITLE"], "m") == "fine"
    assert check_labels("cws", list("BMES"), "m") is None
    with pytest.raises(LabelError, match=r"entity type 'NR'.*--label-map NR=PER"):
        check_labels("ner", ["O", "B-NR"], "m")
    with pytest.raises(LabelError, match=r"'LABEL_0' is not O or B-/I-/E-/S-"):
        check_labels("ner", ["LABEL_0"], "m")
    with pytest.raises(LabelError, match="segmentation labels must be BMES or BI, got 'B-W'"):
        check_labels("cws", ["B-W", "I-W"], "m")


def test_a_word_takes_the_label_of_its_first_piece_and_covers_all_its_pieces():
    """"北京abcd": the word "abcd" is two pieces, ab (B) and ##cd (S); only ab's label counts."""
    window = ([None, 0, 1, 2, 2, None], [(0, 0), (0, 1), (1, 2), (2, 4), (4, 6), (0, 0)],
              ["O", "B", "E", "B", "S", "O"])
    units = merge_windows([window])
    assert units == [Unit(0, 1, "B"), Unit(1, 2, "E"), Unit(2, 6, "B")]
    assert words_from_units("北京abcd", units) == ["北京", "abcd"]


def test_overlapping_windows_keep_the_most_central_prediction():
    """Five one-character words in windows [0, 1, 2] and [1, 2, 3, 4] (overlap: words 1 and 2).

    Centrality is the distance to the nearer edge of the window.  Word 1 is the middle of the
    first window (1) and the first of the second (0): the first window's label wins.  Word 2
    is the last of the first window (0) and the second of the second (1): the second wins.
    """
    first = ([None, 0, 1, 2, None], [(0, 0), (0, 1), (1, 2), (2, 3), (0, 0)], ["O", "a0", "a1", "a2", "O"])
    second = ([None, 1, 2, 3, 4, None], [(0, 0), (1, 2), (2, 3), (3, 4), (4, 5), (0, 0)],
              ["O", "b1", "b2", "b3", "b4", "O"])
    units = merge_windows([first, second])
    assert [u.label for u in units] == ["a0", "a1", "b2", "b3", "b4"]
    assert [(u.start, u.end) for u in units] == [(i, i + 1) for i in range(5)]


def test_characters_no_token_covers_become_words_of_their_own():
    """The tokenizer dropped 〇 (offset gap); whitespace stays out."""
    units = fill_gaps("北〇 京", [Unit(0, 1, "B"), Unit(3, 4, "E")], "S")
    assert units == [Unit(0, 1, "B"), Unit(1, 2, "S"), Unit(3, 4, "E")]
    assert words_from_units("北〇 京", units) == ["北", "〇", "京"]


def test_bi_and_bmes_decoding_agree_on_boundaries():
    text = "我爱北京天安门"
    bmes = [Unit(i, i + 1, lab) for i, lab in enumerate("SSBEBME")]
    bi = [Unit(i, i + 1, lab) for i, lab in enumerate("BBBIBII")]
    assert words_from_units(text, bmes) == words_from_units(text, bi) == ["我", "爱", "北京", "天安门"]
    # An I or M at the start still opens a word; E then S closes.
    assert words_from_units("北京", [Unit(0, 1, "M"), Unit(1, 2, "E")]) == ["北京"]


def test_iobes_and_bio_units_become_character_spans():
    units = [Unit(0, 1, "B-PER"), Unit(1, 2, "E-PER"), Unit(2, 3, "O"), Unit(3, 7, "S-ORG"),
             Unit(7, 8, "B-LOC"), Unit(8, 9, "I-LOC")]
    assert spans_from_units(units) == [(0, 2, "PER"), (3, 7, "ORG"), (7, 9, "LOC")]
