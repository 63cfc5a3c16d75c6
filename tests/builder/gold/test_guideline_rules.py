"""The guidelines fingerprint (suzhou_news/builder/release/versions.py: guideline_rules) counts rules, not figures."""

import textwrap

from suzhou_news.builder.release.versions import guideline_rules, required_bump

GUIDE = textwrap.dedent("""\
    # Annotation guidelines

    ## 1. Segmentation

    ### 1.4 Where we depart from CTB, and why

    | rule | our gold | CTB |
    |------|----------|-----|
    | D13 | `高质量` is one word | `高 质量` |

    ## 5. Justified inconsistencies

    - 高地: one word where it means a hub.

    ## 6. Gold counts of the CTB departures

    | rule | status | all: words (occurrences) |
    |---|---|---|
    | D13 | differs | 48 (48) |
    """)


def test_a_new_count_is_no_rule_change():
    """An annotation correction that changes a count in §6 leaves the rules fingerprint alone (a minor bump)."""
    recounted = GUIDE.replace("| D13 | differs | 48 (48) |", "| D13 | differs | 47 (47) |")
    assert guideline_rules(recounted) == guideline_rules(GUIDE)
    old = {"schemas": "s", "data": "d1", "guideline_rules": guideline_rules(GUIDE)}
    new = {"schemas": "s", "data": "d2", "guideline_rules": guideline_rules(recounted)}
    assert required_bump(old, new) == "minor"


def test_a_changed_departure_is_a_rule_change():
    """The departure table of §1.4 is a rule: changing it needs a major version."""
    changed = GUIDE.replace("`高质量` is one word | `高 质量`", "`高 质量` is split | `高 质量`")
    assert guideline_rules(changed) != guideline_rules(GUIDE)
    old = {"schemas": "s", "data": "d", "guideline_rules": guideline_rules(GUIDE)}
    assert required_bump(old, {"schemas": "s", "data": "d", "guideline_rules": guideline_rules(changed)}) == "major"


def test_a_section_after_the_counts_still_counts():
    """Only the counts section is left out: a section after it is read again (here, a rule added at the end)."""
    extended = GUIDE + "\n## 7. More rules\n\n- a new rule\n"
    assert guideline_rules(extended) != guideline_rules(GUIDE)
