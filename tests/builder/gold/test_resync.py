"""annotate --update's re-sync: reviewed lines are kept, re-aligned, or kept stale; never dropped."""

from hypothesis import given, settings, strategies as st

from suzhou_news.builder.gold.annotation_format import AnnotatedSentence, parse_line
from suzhou_news.builder.gold.resync import resync


def line(text: str) -> AnnotatedSentence:
    return parse_line(text.replace("|", "\t"))


def rows(*texts: str) -> list[dict]:
    return [{"id": f"d-s{i:04d}", "text": t} for i, t in enumerate(texts)]


OLD = [line("d-s0000|reviewed|[苏州]/GPE 召开 大会 。"), line("d-s0001|reviewed|书记 出席 。"),
       line("d-s0002|pre|会议 要求 。")]


def test_whitespace_change_keeps_the_line_in_place():
    """The words still spell the sentence once whitespace is skipped: kept as it was."""
    plan = resync(OLD, rows("苏州 召开大会。", "书记出席。", "会议要求。"))
    assert plan.kept == ["d-s0000", "d-s0001", "d-s0002"] and not plan.stale and not plan.moved
    assert plan.lines["d-s0000"] == OLD[0]


def test_a_new_first_sentence_shifts_ids_and_reviewed_lines_follow_their_text():
    """A sentence inserted at the top: every reviewed line moves to the id whose text it spells."""
    plan = resync(OLD, rows("新闻导语。", "苏州召开大会。", "书记出席。", "会议要求。"))
    assert plan.moved == [("d-s0000", "d-s0001"), ("d-s0001", "d-s0002")]
    assert plan.lines["d-s0001"].tokens == OLD[0].tokens and plan.lines["d-s0001"].status == "reviewed"
    assert plan.lines["d-s0002"].tokens == OLD[1].tokens
    assert plan.todo(["d-s0000", "d-s0001", "d-s0002", "d-s0003"]) == ["d-s0000", "d-s0003"]
    assert "d-s0002" in plan.dropped  # the pre line gave way to reviewed work (and is redone on d-s0003)


def test_a_changed_sentence_keeps_its_reviewed_line_as_stale():
    """书记出席。 → 市委书记出席。: the words cannot spell it; the line is kept stale on that sentence."""
    plan = resync(OLD, rows("苏州召开大会。", "市委书记出席。", "会议要求。"))
    stale = plan.lines["d-s0001"]
    assert (stale.status, stale.tokens) == ("stale", ("书记", "出席", "。"))
    assert plan.stale == [(stale, "市委书记出席。")]


def test_a_removed_sentence_keeps_its_reviewed_line_as_an_orphan():
    """The document lost its second sentence: the reviewed line stays, stale, at the end of the file."""
    plan = resync(OLD, rows("苏州召开大会。", "会议要求。"))
    assert [o.sentence_id for o in plan.orphans] == ["d-s0001~stale"]
    assert plan.orphans[0].status == "stale" and plan.stale == [(plan.orphans[0], None)]


def test_a_stale_line_that_spells_its_sentence_again_is_reviewed_again():
    """The cleaning change was undone: the stale line becomes reviewed, with nothing lost."""
    old = [line("d-s0000|stale|[苏州]/GPE 召开 大会 。")]
    plan = resync(old, rows("苏州召开大会。"))
    assert plan.restored == ["d-s0000"] and plan.lines["d-s0000"].status == "reviewed"


SENTENCES = ["苏州召开大会。", "书记出席。", "会议要求。", "代表发言。", "全会指出。", "市长讲话。"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(range(len(SENTENCES))), min_size=1, max_size=5, unique=True),
       st.lists(st.sampled_from(range(len(SENTENCES))), min_size=0, max_size=6, unique=True),
       st.lists(st.booleans(), min_size=5, max_size=5), st.lists(st.booleans(), min_size=6, max_size=6))
def test_update_never_drops_a_reviewed_line(before, after, reviewed, edited):
    """Any old document, any new one (sentences added, removed, reordered, edited): every reviewed line's
    words and entities come out as a reviewed or stale line, and no sentence id is used twice."""
    def text(k):
        return ("市委" + SENTENCES[k]) if edited[k] else SENTENCES[k]

    old = [line(f"d-s{i:04d}|{'reviewed' if reviewed[i] else 'pre'}|{' '.join(SENTENCES[k][:-1])} 。")
           for i, k in enumerate(before)]
    plan = resync(old, rows(*(text(k) for k in after)))
    out = list(plan.lines.values()) + plan.orphans
    kept = sorted((x.tokens, x.entities) for x in out if x.status in ("reviewed", "stale"))
    assert kept == sorted((x.tokens, x.entities) for x in old if x.status == "reviewed")
    ids = [x.sentence_id for x in out]
    assert len(ids) == len(set(ids))
    for sid, x in plan.lines.items():  # a reviewed line always spells its sentence
        if x.status == "reviewed":
            assert "".join(x.tokens) == dict((r["id"], r["text"]) for r in rows(*(text(k) for k in after)))[sid]
