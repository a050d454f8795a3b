"""The arrows of docs/architecture.md, checked on the source: a new import that crosses a layer the wrong way
fails here, naming the module and the import."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import ROOT

PRODUCT = [*sorted((ROOT / "jobcrawl").rglob("*.py")), *sorted((ROOT / "pipelines").rglob("*.py"))]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def under(name: str, *prefixes: str) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


# (who, what it must not import, why)
RULES = [
    ("jobcrawl.items", ("jobcrawl", "pipelines", "scrapy", "sqlalchemy"),
     "the item contract is a leaf every part imports"),
    ("jobcrawl.extract", ("pipelines", "jobcrawl.store", "jobcrawl.db", "jobcrawl.models", "sqlalchemy",
                          "jobcrawl.spiders", "jobcrawl.distributed"),
     "extraction is pure: response in, item out"),
    ("jobcrawl.normalize", ("scrapy", "parsel", "pipelines", "jobcrawl.store", "jobcrawl.db", "jobcrawl.models",
                            "jobcrawl.extract", "jobcrawl.spiders", "sqlalchemy"),
     "normalization works on values, not on responses or rows"),
    ("jobcrawl.store", ("pipelines", "scrapy", "jobcrawl.extract", "jobcrawl.spiders"),
     "the store takes items and writes rows; it knows no crawl"),
    ("jobcrawl", ("pipelines",),
     "nothing imports the pipelines: Scrapy loads them from ITEM_PIPELINES"),
]


# Harnesses that run the real pipelines on purpose, as bench/ and tests/ do: the fixture replay feeds a saved page
# through the spider's parse and the pipelines "exactly as a crawl would".
HARNESSES = ("jobcrawl.fixtures",)


@pytest.mark.parametrize("owner,forbidden,why", RULES, ids=[r[0] for r in RULES])
def test_import_arrows(owner, forbidden, why):
    broken = []
    for path in PRODUCT:
        name = module_name(path)
        if not under(name, owner) or name in HARNESSES:
            continue
        for imported in sorted(imports_of(path)):
            allowed_self = under(imported, owner) and owner != "jobcrawl.items"
            if under(imported, *forbidden) and not allowed_self:
                broken.append(f"{name} imports {imported}")
    assert not broken, f"{why}:\n" + "\n".join(broken)


def test_the_rules_see_imports_inside_functions(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from pipelines.store import StorePipeline\n", encoding="utf-8")
    assert "pipelines.store" in imports_of(sample)
