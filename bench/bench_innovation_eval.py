"""Concept quality on the shipped evaluation set (issue 17), no database needed.

Subject: the novelty engine on the 30 challenges of ``innovation/data/eval_challenges.json``
(10 concepts each, seed 0) over the shipped 300-document prior-art corpus. Prints the share of
concepts that touch their challenge's terms (goal >= 0.90), cross-consistency violations (goal
0), near-duplicate pairs within a run (TF-IDF cosine > 0.8; goal 0), the fewest distinct
mechanisms in a run of 10 (goal >= 7), repeated sentences (goal 0) and time per run. Each
ratio is against its goal (1.0 or less is good for counts and times; 1.0 or more for shares).
"""

import sys

from harness import ROOT, result

sys.path.insert(0, str(ROOT))


def main():
    import functools

    from innovation.data import (
        load_domains,
        load_eval_challenges,
        load_instantiations,
        load_matrix_text,
        load_morphology,
        load_prior_art,
        load_thesaurus,
        load_triz,
    )
    from innovation.engines.corpus import Doc, corpus_build
    from innovation.engines.evaluation import (
        eval_set_from_dict,
        evaluate,
        goals_missed,
        report_lines,
    )
    from innovation.engines.knowledge import knowledge_from_dicts
    from innovation.engines.morphology import writing_from_dicts
    from innovation.engines.pipeline import run_novelty
    from innovation.engines.triz import ParameterSearch, triz_from_dicts

    kb = knowledge_from_dicts(load_domains()["domains"])
    triz = triz_from_dicts(load_triz(), load_matrix_text())
    search = ParameterSearch(triz)
    _, rows = load_prior_art()
    docs = [
        Doc(r["ref"], r["title"], r["summary"], r["year"], r["domain"], tuple(r["tags"]))
        for r in rows
    ]
    corpus = corpus_build(docs, kb, seed=0)
    writing = writing_from_dicts(kb, load_morphology(), load_instantiations(), load_thesaurus())
    run = functools.partial(run_novelty, kb, triz, search, corpus, writing=writing)
    s = evaluate(run, eval_set_from_dict(load_eval_challenges()), writing, count=10, seed=0)
    print("\n".join(report_lines(s)))
    share = s["on_topic_share"]
    result("innovation.eval_on_topic_share", share, "share", share / 0.9, "0.90 goal")
    for key, unit in (
        ("violations", "pairs"),
        ("near_duplicate_pairs", "pairs"),
        ("repeated_sentences", "sentences"),
    ):
        result(f"innovation.eval_{key}", s[key], unit, float(s[key]), "goal 0")
    mech = s["distinct_mechanisms_min"]
    result("innovation.eval_min_mechanisms", mech, "of 10", mech / 7.0, "7 goal")
    secs = s["seconds_mean"]
    result("innovation.eval_time_per_run", secs, "s", secs / 1.0, "1 s goal")
    missed = goals_missed(s)
    if missed:
        print("goals missed: " + "; ".join(missed))
        sys.exit(1)


if __name__ == "__main__":
    main()
