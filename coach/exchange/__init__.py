"""Export the diary (JSON, CSV, Markdown) and import a JSON export back.

One module per concern:

* `fields`: one table of fields per record type (episodes, entries, symptom reports,
  sessions, checklist days, settings, activities, check-ins, ratings). It drives the
  JSON export and the import's checks, so a column is named once.
* `export`: the JSON export (everything the database holds) and the CSV export.
* `importing`: checking a JSON export completely (`parse_export`), then adding it in one
  transaction (`import_document`); the store writes the rows, matched by uid.
* `markdown`: a summary to hand to a physiotherapist, with the app's numbers.
* `files`: writing an export privately and atomically.
"""

from __future__ import annotations

# Tests replace os.fsync through this name (coach.exchange.os) to simulate a full disk.
import os  # noqa: F401

from coach.exchange.export import CSV_COLUMNS, dumps, export_csv, export_document, export_json
from coach.exchange.fields import (
    COUNT_LIMIT,
    FORMAT,
    READABLE_VERSIONS,
    RECORDS,
    TEXT_LIMIT,
    VERSION,
)
from coach.exchange.importing import ExportFormatError, ImportCounts, import_document, parse_export
from coach.exchange.markdown import export_markdown, md_escape, spark, sparkline, trend_line
from coach.output import write_private

__all__ = [
    "COUNT_LIMIT",
    "CSV_COLUMNS",
    "FORMAT",
    "READABLE_VERSIONS",
    "RECORDS",
    "TEXT_LIMIT",
    "VERSION",
    "ExportFormatError",
    "ImportCounts",
    "dumps",
    "export_csv",
    "export_document",
    "export_json",
    "export_markdown",
    "import_document",
    "md_escape",
    "parse_export",
    "spark",
    "sparkline",
    "trend_line",
    "write_private",
]
