"""The JSON interchange format (`budgetnotatregister/2`) for a round's budget notes and
expiry assessments: reading (reading.py), export (export.py), import (importing.py).
Documented in docs/interchange.md, with a JSON Schema (schema.json beside this file) and an
example (docs/interchange-example.json).
"""

from documents.interchange.export import assessment_to_data, dumps, export_round
from documents.interchange.importing import import_data
from documents.interchange.reading import FORMAT, SCHEMA, ImportFailed, parse

__all__ = [
    "FORMAT",
    "SCHEMA",
    "ImportFailed",
    "assessment_to_data",
    "dumps",
    "export_round",
    "import_data",
    "parse",
]
