"""Load the shipped knowledge base and import users' own prior art."""

from __future__ import annotations

import csv
import io
import json

from django.db import transaction

from common.exceptions import ApplicationError
from innovation.data import load_domains, load_prior_art
from innovation.engines.knowledge import domain_from_dict
from innovation.models import Domain, PriorArt

MAX_IMPORT_ROWS = 5000
MAX_IMPORT_BYTES = 5_000_000


@transaction.atomic
def reference_load() -> dict:
    """Create or update the domains and the seed prior art from innovation/data (idempotent)."""
    data = load_domains()
    version = data["meta"]["version"]
    for pos, d in enumerate(data["domains"]):
        domain_from_dict(d)
        Domain.objects.update_or_create(
            key=d["key"],
            defaults={
                "name": d["name"],
                "description": d["description"],
                "lexicon": d["lexicon"],
                "objects_list": d["objects"],
                "user_groups": d["user_groups"],
                "box": d["box"],
                "contradictions": d["contradictions"],
                "market": d["market"],
                "position": pos,
                "data_version": version,
            },
        )
    meta, rows = load_prior_art()
    existing = set(PriorArt.objects.filter(source="seed").values_list("ref", flat=True))
    new = [
        PriorArt(
            ref=r["ref"],
            title=r["title"],
            summary=r["summary"],
            year=r["year"],
            domain=r["domain"],
            tags=r["tags"],
            source="seed",
        )
        for r in rows
        if r["ref"] not in existing
    ]
    PriorArt.objects.bulk_create(new)
    return {
        "domains": len(data["domains"]),
        "prior_art_added": len(new),
        "version": meta["version"],
    }


MAX_NESTING = 8


def _depth(value) -> int:
    """How deeply lists and objects nest in a parsed JSON value (iterative: no recursion)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if deepest > MAX_NESTING:
                return deepest
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)
    return deepest


def _parse(text: str, fmt: str) -> list[dict]:
    if fmt == "csv":
        return [dict(r) for r in csv.DictReader(io.StringIO(text))]
    rows = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            rows.append({"__error__": f"line {n}: not valid JSON ({exc.msg})"})
            continue
        except RecursionError:  # "[[[[..." deeper than the interpreter's stack
            rows.append({"__error__": f"line {n}: nested too deeply"})
            continue
        if _depth(obj) > MAX_NESTING:
            # A row is a flat object; deep values would only be str()-ed (and could recurse).
            rows.append({"__error__": f"line {n}: nested too deeply (at most {MAX_NESTING})"})
            continue
        rows.append(obj if isinstance(obj, dict) else {"__error__": f"line {n}: not an object"})
    return rows


def _row(
    raw: dict, n: int, domains: set[str], tags: set[str], seen: set[str]
) -> tuple[dict | None, list[str]]:
    errs: list[str] = []
    if "__error__" in raw:
        return None, [raw["__error__"]]
    title = str(raw.get("title") or "").strip()
    summary = str(raw.get("summary") or "").strip()
    ref = str(raw.get("ref") or "").strip()
    if not title or len(title) > 300:
        errs.append("title is required (at most 300 characters)")
    if not summary or len(summary) > 5000:
        errs.append("summary is required (at most 5000 characters)")
    if not ref or len(ref) > 64:
        errs.append("ref is required (at most 64 characters)")
    elif ref in seen:
        errs.append(f"ref {ref!r} is repeated in the file")
    try:
        year = int(str(raw.get("year", "")).strip())
        if not 1800 <= year <= 2100:
            errs.append("year must be between 1800 and 2100")
    except ValueError:
        year = 0
        errs.append("year must be a whole number")
    domain = str(raw.get("domain") or "").strip()
    if domain not in domains:
        errs.append(f"unknown domain {domain!r}")
    rt = raw.get("tags") or []
    tag_list = [t.strip() for t in rt.split(";")] if isinstance(rt, str) else list(rt)
    tag_list = [t for t in tag_list if t]
    bad = [t for t in tag_list if t not in tags]
    if bad:
        errs.append(f"unknown tags: {', '.join(map(str, bad))}")
    seen.add(ref)
    if errs:
        return None, errs
    return {
        "ref": ref,
        "title": title,
        "summary": summary,
        "year": year,
        "domain": domain,
        "tags": tag_list,
    }, []


def prior_art_import(*, text: str, fmt: str, user, dry_run: bool = False) -> dict:
    """Import CSV (columns ref,title,summary,year,domain,tags with ';'-separated tags) or JSONL.

    Every row is checked first; if any row is bad nothing is written and the ApplicationError's
    fields carry the per-row report ("row N: message"). Refs already in the corpus are refused.
    """
    if fmt not in {"csv", "jsonl"}:
        raise ApplicationError("format must be csv or jsonl", fields={"format": ["csv or jsonl"]})
    if not text.strip():
        raise ApplicationError("the file is empty", fields={"file": ["empty file"]})
    if len(text.encode()) > MAX_IMPORT_BYTES:
        raise ApplicationError("the file is larger than 5 MB", fields={"file": ["too large"]})
    rows = _parse(text, fmt)
    if len(rows) > MAX_IMPORT_ROWS:
        raise ApplicationError(
            f"at most {MAX_IMPORT_ROWS} rows per import", fields={"file": ["too many rows"]}
        )
    domains = set(Domain.objects.values_list("key", flat=True))
    tags = {t for lex in Domain.objects.values_list("lexicon", flat=True) for t in lex}
    existing = set(PriorArt.objects.values_list("ref", flat=True))
    seen: set[str] = set()
    good, report = [], []
    for n, raw in enumerate(rows, 1):
        row, errs = _row(raw, n, domains, tags, seen)
        if row and row["ref"] in existing:
            row, errs = None, [f"ref {raw.get('ref')!r} already exists"]
        if errs:
            report.append(f"row {n}: " + "; ".join(errs))
        else:
            good.append(row)
    if report:
        raise ApplicationError(
            f"{len(report)} of {len(rows)} rows are invalid; nothing was imported",
            code="import_invalid",
            fields={"rows": report},
        )
    if not dry_run:
        with transaction.atomic():
            PriorArt.objects.bulk_create(
                [PriorArt(**r, source="import", imported_by=user) for r in good]
            )
    return {"rows": len(rows), "imported": 0 if dry_run else len(good), "dry_run": dry_run}
