"""The layer rule, read from the code: data flows load → chunk → embed → index → search →
answer and never back; the page and the CLI sit on top and reach the index only through
``index.api`` (and its typed records).

Every ``import`` counts, also those inside functions and ``TYPE_CHECKING`` blocks.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Module prefix → prefixes of first-party modules it may import.
ALLOWED: list[tuple[str, tuple[str, ...]]] = [
    ("corpus", ("corpus", "config")),
    ("embedder", ("embedder", "config")),
    ("index.errors", ()),
    ("index.records", ()),
    ("index.store", ("index.store", "index.records", "index.errors", "corpus", "embedder", "config")),
    (
        "index.retrieval",
        ("index.retrieval", "index.store", "index.records", "index.errors", "corpus", "embedder", "config"),
    ),
    (
        "index.answer",
        (
            "index.answer",
            "index.retrieval",
            "index.store",
            "index.records",
            "index.errors",
            "corpus",
            "config",
        ),
    ),
    # Accounts, sessions, roles and the audit log: nothing of the index below them.
    ("index.access", ("index.access", "index.errors", "config")),
    # The page's and the API's actions on the archive (uploads, reindex, downloads), role-checked.
    (
        "index.actions",
        ("index.access", "index.errors", "index.records", "corpus.uploads", "corpus.originals", "config"),
    ),
    (
        "index.api",
        (
            "index.access",
            "index.actions",
            "index.answer",
            "index.retrieval",
            "index.store",
            "index.records",
            "index.errors",
            "embedder",
            "config",
        ),
    ),
    ("index.jobs", ()),  # the background job runner the page and the API share
    # The REST API sits on top like the page: index.api and its records, nothing below.
    (
        "index.server",
        (
            "index.api",
            "index.records",
            "index.errors",
            "index.jobs",
            "index.access",
            "corpus.formats",
            "corpus.uploads",
            "corpus.originals",
            "config",
        ),
    ),
    ("index.evaluation", ("index", "corpus", "embedder", "config")),
    ("index.cli", ("index", "corpus", "embedder", "config")),
    ("index.admin_cli", ("index", "config")),
    ("index.server_cli", ("index", "config")),
    ("index.__main__", ("index.cli",)),
    (
        "app_ui",
        ("app_ui", "index.api", "index.records", "index.jobs", "corpus.formats", "corpus.uploads", "config"),
    ),
    ("search_app", ("app_ui", "index.api", "index.records", "corpus.formats", "config")),
    ("config", ()),
    ("index", ()),  # the package itself holds no code
]
FIRST_PARTY = ("corpus", "embedder", "index", "app_ui", "config", "search_app")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # "from index import store" imports the module index.store.
            found += [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
    return [(line, name) for line, name in found if name.split(".")[0] in FIRST_PARTY]


def _under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _allowed_for(module: str) -> tuple[str, ...] | None:
    rules = [(p, allowed) for p, allowed in ALLOWED if _under(module, p)]
    return max(rules, key=lambda r: len(r[0]))[1] if rules else None


def _sources() -> list[Path]:
    files = [ROOT / "config.py", ROOT / "search_app.py"]
    for package in ("corpus", "embedder", "index", "app_ui"):
        files += sorted((ROOT / package).rglob("*.py"))
    return files


def test_every_module_has_a_layer():
    assert [p for p in _sources() if _allowed_for(_module_name(p)) is None] == []


def test_imports_follow_the_layers():
    broken = []
    for path in _sources():
        module = _module_name(path)
        allowed = _allowed_for(module) or ()
        for line, name in _imports(path):
            # A module may always import inside its own package.
            own = module.rsplit(".", 1)[0] if "." in module else module
            if _under(name, own) or any(_under(name, a) or _under(a, name) for a in allowed):
                continue
            broken.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    assert broken == []


def test_nothing_at_run_time_imports_evaluation():
    users = [
        f"{p.relative_to(ROOT)}:{line}"
        for p in _sources()
        if not _under(_module_name(p), "index.evaluation") and _module_name(p) != "index.cli"
        for line, name in _imports(p)
        if _under(name, "index.evaluation")
    ]
    assert users == []


def test_the_rule_catches_a_backward_import(tmp_path):
    # The checker itself: a store module importing retrieval is reported.
    allowed = _allowed_for("index.store.reader") or ()
    assert not any(_under("index.retrieval.search", a) for a in allowed)
    assert _allowed_for("index.retrieval.search") is not None
    assert not any(_under("index.answer.ask", a) for a in _allowed_for("index.retrieval.search") or ())
    # The API reaches the index through index.api only, and never the page.
    server = _allowed_for("index.server.app") or ()
    assert not any(_under("index.store.reader", a) or _under("app_ui.jobs", a) for a in server)
    # Accounts and the audit log know nothing of the index; the page reaches them through index.api.
    access = _allowed_for("index.access.sessions") or ()
    assert not any(_under("index.store.schema", a) or _under("index.api", a) for a in access)
    assert not any(_under("index.access.accounts", a) for a in _allowed_for("app_ui.signin") or ())
