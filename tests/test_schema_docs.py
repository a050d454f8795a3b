"""docs/schema.md is the user's reference: every table and column of the models is documented there."""

from __future__ import annotations

import re

from conftest import ROOT
from jobcrawl.models import Base


def test_every_table_and_column_documented():
    doc = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    documented_tables = set(re.findall(r"^## (\w+)", doc, flags=re.M)) | set(re.findall(r"`(\w+)\(", doc))
    code_spans = set(re.findall(r"`([\w, ]+)`", doc))
    names = {n.strip() for span in code_spans for n in span.split(",")}
    missing = []
    for table in Base.metadata.tables.values():
        if table.name not in documented_tables:
            missing.append(table.name)
        for column in table.columns:
            if column.name not in names:
                missing.append(f"{table.name}.{column.name}")
    assert missing == []
