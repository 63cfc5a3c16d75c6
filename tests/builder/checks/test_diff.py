"""``suzhou-news diff OLD NEW``: rows and annotation spans added, removed and changed per config/split.

Two releases are made from different data: the second adds a document and
corrects the annotation of one sentence. Expected counts are derived from the
test's own gold (words and entities as spans), not from the diff.
"""

from __future__ import annotations

import json
import shutil
from types import SimpleNamespace

import pytest

from suzhou_news.cli import main
from suzhou_news.builder.checks.diff import diff_releases, render
from suzhou_news.errors import InputError
from suzhou_news.builder.release.versions import release

from tests.fixtures.release_corpus import ARTICLES, SPLITS, GAMMA, CORRECTED, CONFIGS, make_dataset, write_changelog, release_config


def word_spans(words) -> set[tuple[int, int, str]]:
    out, pos = set(), 0
    for w in words:
        out.add((pos, pos + len(w), w))
        pos += len(w)
    return out


def entity_spans(words, entities) -> set[tuple[int, int, str]]:
    starts = [sum(len(w) for w in words[:i]) for i in range(len(words) + 1)]
    return {(starts[s], starts[e], label) for s, e, label in entities}


@pytest.fixture(scope="module")
def two(tmp_path_factory) -> SimpleNamespace:
    root = tmp_path_factory.mktemp("diff")
    old = make_dataset(root / "a", ARTICLES, SPLITS)
    new = make_dataset(root / "b", {**ARTICLES, "gamma": GAMMA}, {**SPLITS, "gamma": "train"}, corrections=CORRECTED)
    write_changelog(root / "CHANGELOG.md", ["1.0.0", "1.1.0"])
    r_old = release(release_config(root, "1.0.0", old.dataset))
    r_new = release(release_config(root, "1.1.0", new.dataset))
    (corrected,) = [sid for sid in old.gold if old.gold[sid] != new.gold[sid]]
    return SimpleNamespace(old=old, new=new, r_old=r_old, r_new=r_new, corrected=corrected,
                           gamma=sorted(sid for sid in new.gold if sid.startswith("gamma-")))


def expected_delta(two, spans) -> tuple[int, int]:
    """(added, removed) spans over every sentence of either side, from the fixture's gold."""
    added = removed = 0
    for sid in two.old.gold.keys() | two.new.gold.keys():
        a = spans(*two.old.gold[sid]) if sid in two.old.gold else set()
        b = spans(*two.new.gold[sid]) if sid in two.new.gold else set()
        added, removed = added + len(b - a), removed + len(a - b)
    return added, removed


def test_added_document_and_corrected_sentence_show_up_in_the_right_config_and_split(two):
    d = diff_releases(two.r_old, two.r_new)
    assert d["versions"] == ["1.0.0", "1.1.0"]
    c = d["configs"]
    assert set(c) == set(CONFIGS)
    assert c["documents"]["train"] == {"added": ["gamma"], "removed": [], "changed": []}
    assert c["sentences"]["train"] == {"added": two.gamma, "removed": [], "changed": []}
    assert two.gamma and two.corrected.startswith("alpha-")
    for config in ("segmentation", "ner"):
        assert c[config]["train"]["added"] == two.gamma
        assert c[config]["train"]["removed"] == []
        assert c[config]["train"]["changed"] == [two.corrected]
    for config in CONFIGS:  # nothing happened to the test split
        t = c[config]["test"]
        assert (t["added"], t["removed"], t["changed"]) == ([], [], []), config


def test_token_and_entity_deltas_count_the_new_sentences_and_the_correction(two):
    c = diff_releases(two.r_old, two.r_new)["configs"]
    tokens_added, tokens_removed = expected_delta(two, lambda words, _: word_spans(words))
    ents_added, ents_removed = expected_delta(two, entity_spans)
    assert c["segmentation"]["train"]["tokens"] == {"added": tokens_added, "removed": tokens_removed}
    assert c["ner"]["train"]["entities"] == {"added": ents_added, "removed": ents_removed}
    assert tokens_added > 0 and tokens_removed > 0 and ents_added > 0 and ents_removed > 0
    assert c["segmentation"]["test"]["tokens"] == {"added": 0, "removed": 0}
    assert c["ner"]["test"]["entities"] == {"added": 0, "removed": 0}
    # the removals come from the corrected sentence alone
    old_words, old_ents = two.old.gold[two.corrected]
    new_words, new_ents = two.new.gold[two.corrected]
    assert tokens_removed == len(word_spans(old_words) - word_spans(new_words))
    assert ents_removed == len(entity_spans(old_words, old_ents) - entity_spans(new_words, new_ents))


def test_reversed_diff_swaps_added_and_removed(two):
    fwd = diff_releases(two.r_old, two.r_new)["configs"]
    back = diff_releases(two.r_new, two.r_old)["configs"]
    for config, splits in fwd.items():
        for split, e in splits.items():
            b = back[config][split]
            assert (b["added"], b["removed"], b["changed"]) == (e["removed"], e["added"], e["changed"])
            for key in ("tokens", "entities"):
                if key in e:
                    assert b[key] == {"added": e[key]["removed"], "removed": e[key]["added"]}


def test_a_release_against_itself_shows_nothing(two):
    d = diff_releases(two.r_old, two.r_old)
    assert set(d["configs"]) == set(CONFIGS)
    for config, splits in d["configs"].items():
        assert set(splits) == {"train", "test"}
        for e in splits.values():
            assert (e["added"], e["removed"], e["changed"]) == ([], [], [])
            for key in ("tokens", "entities"):
                if key in e:
                    assert e[key] == {"added": 0, "removed": 0}


def test_two_builds_without_manifest_diff_too(two):
    d = diff_releases(two.old.dataset, two.new.dataset)
    assert d["versions"] == [None, None]
    assert d["configs"]["documents"]["train"]["added"] == ["gamma"]


def test_text_rendering_mentions_the_counts_and_ids(two):
    d = diff_releases(two.r_old, two.r_new)
    text = render(d)
    lines = text.splitlines()
    assert "(1.0.0)" in lines[0] and "(1.1.0)" in lines[0]
    seg = d["configs"]["segmentation"]["train"]
    assert (f"  segmentation/train: +{len(two.gamma)} added, -0 removed, ~1 changed; "
            f"tokens +{seg['tokens']['added']} -{seg['tokens']['removed']}") in lines
    ner = d["configs"]["ner"]["train"]
    assert any(line.startswith("  ner/train:") and f"entities +{ner['entities']['added']} "
               f"-{ner['entities']['removed']}" in line for line in lines)
    assert "  documents/train: +1 added, -0 removed, ~0 changed" in lines
    assert "      added: gamma" in lines
    assert f"      changed: {two.corrected}" in lines
    assert "  documents/test: +0 added, -0 removed, ~0 changed" in lines


def test_cli_json_output_parses_and_equals_the_library_result(two, capsys):
    assert main(["diff", str(two.r_old), str(two.r_new), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads(json.dumps(diff_releases(two.r_old, two.r_new)))
    assert main(["diff", str(two.r_old), str(two.r_new)]) == 0
    assert "documents/train: +1 added" in capsys.readouterr().out


def test_diff_of_a_missing_folder_is_an_input_error(two, tmp_path, capsys):
    with pytest.raises(InputError, match="not a folder"):
        diff_releases(two.r_old, tmp_path / "nope")
    assert main(["diff", str(two.r_old), str(tmp_path / "nope")]) == 2
    assert "not a folder" in capsys.readouterr().err


def test_a_config_missing_on_one_side_is_all_added(two, tmp_path):
    partial = tmp_path / "partial"
    shutil.copytree(two.r_new, partial)
    shutil.rmtree(partial / "ner")
    d = diff_releases(partial, two.r_new)["configs"]["ner"]
    n_test = len([sid for sid in two.new.gold if SPLITS.get(sid.split("-")[0]) == "test"])
    assert len(d["test"]["added"]) == n_test and d["test"]["entities"]["removed"] == 0
