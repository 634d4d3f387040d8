"""Reference data shipped with the innovation app (versioned files; see README.md here).

``load_*`` read the files into plain Python structures; nothing is fetched at run time.
"""

from __future__ import annotations

import json
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent


def load_domains() -> dict:
    return json.loads((DATA_DIR / "domains.json").read_text(encoding="utf-8"))


def load_triz() -> dict:
    return json.loads((DATA_DIR / "triz.json").read_text(encoding="utf-8"))


def load_matrix_text() -> str:
    return (DATA_DIR / "triz_matrix.csv").read_text(encoding="utf-8")


def load_prior_art() -> tuple[dict, list[dict]]:
    """(meta, rows) of the seed prior-art corpus."""
    lines = (DATA_DIR / "prior_art.jsonl").read_text(encoding="utf-8").splitlines()
    meta = json.loads(lines[0])["_meta"]
    return meta, [json.loads(ln) for ln in lines[1:] if ln.strip()]


def load_morphology() -> dict:
    return json.loads((DATA_DIR / "morphology.json").read_text(encoding="utf-8"))


def load_instantiations() -> dict:
    return json.loads((DATA_DIR / "triz_instantiations.json").read_text(encoding="utf-8"))


def load_thesaurus() -> dict:
    return json.loads((DATA_DIR / "thesaurus.json").read_text(encoding="utf-8"))


def load_eval_challenges() -> dict:
    return json.loads((DATA_DIR / "eval_challenges.json").read_text(encoding="utf-8"))
