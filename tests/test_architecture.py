"""The layering rules of ARCHITECTURE.md, checked on the source tree."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTEXT_PACKAGES = {
    "common": "common",
    "accounts": "accounts",
    "operations": "operations",
    "valuation": "valuation",
    "innovation": "innovation",
    "domains.moods": "domains/moods",
    "domains.arts": "domains/arts",
    "domains.commerce": "domains/commerce",
    "domains.finance": "domains/finance",
}
# Which contexts each context may import (ARCHITECTURE.md §2: arrows point downward only).
ALLOWED = {
    "common": set(),
    # Incident isolation (issue 22) revokes sessions/tokens and disables users through
    # accounts' services; accounts itself imports only common, so this stays acyclic.
    "operations": {"accounts", "common"},
    "valuation": {"operations", "common"},
    "innovation": {"valuation", "operations", "common"},
    "domains.moods": {"common"},
    "domains.arts": {"domains.moods", "valuation", "operations", "common"},
    # The mindful-spending guard reads finance's latest assessment (issue 7), via its selectors.
    "domains.commerce": {"domains.moods", "domains.finance", "valuation", "operations", "common"},
    "domains.finance": {"domains.moods", "valuation", "operations", "common"},
    "accounts": {"common"},
}


def _modules(path: Path):
    for file in sorted(path.rglob("*.py")):
        if "migrations" in file.parts:
            continue
        yield file, ast.parse(file.read_text(encoding="utf-8"), filename=str(file))


def _imports(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _context_of(module: str) -> str | None:
    for ctx in sorted(CONTEXT_PACKAGES, key=len, reverse=True):
        if module == ctx or module.startswith(ctx + "."):
            return ctx
    return None


def test_engines_import_no_django():
    offenders = []
    for file in ROOT.glob("**/engines/**/*.py"):
        if ".venv" in file.parts:
            continue
        imports = _imports(ast.parse(file.read_text(encoding="utf-8")))
        bad = sorted(
            m for m in imports if m == "django" or m.startswith(("django.", "rest_framework"))
        )
        if bad:
            offenders.append(f"{file.relative_to(ROOT)}: {bad}")
    assert offenders == []


@pytest.mark.parametrize("context", sorted(ALLOWED))
def test_contexts_import_only_downward(context):
    offenders = []
    path = ROOT / CONTEXT_PACKAGES[context]
    if not path.exists():
        pytest.skip(f"{context} has no package yet")
    for file, tree in _modules(path):
        for module in _imports(tree):
            target = _context_of(module)
            if target and target != context and target not in ALLOWED[context]:
                offenders.append(f"{file.relative_to(ROOT)} imports {module}")
    assert offenders == []


@pytest.mark.parametrize("context", sorted(ALLOWED))
def test_no_context_imports_another_contexts_models(context):
    """Contexts talk through services/selectors; another context's models are not for writing."""
    offenders = []
    path = ROOT / CONTEXT_PACKAGES[context]
    if not path.exists():
        pytest.skip(f"{context} has no package yet")
    for file, tree in _modules(path):
        for module in _imports(tree):
            target = _context_of(module)
            if target and target != context and target != "common" and ".models" in module:
                offenders.append(f"{file.relative_to(ROOT)} imports {module}")
    assert offenders == []


def test_services_never_import_drf():
    offenders = []
    for file in ROOT.glob("**/services.py"):
        if ".venv" in file.parts:
            continue
        imports = _imports(ast.parse(file.read_text(encoding="utf-8")))
        if any(m.startswith("rest_framework") and "authtoken" not in m for m in imports):
            offenders.append(str(file.relative_to(ROOT)))
    assert offenders == []
