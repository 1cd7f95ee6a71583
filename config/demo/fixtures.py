"""The demo data's files (fixtures/demo/*.json)."""

import json
from pathlib import Path

from django.conf import settings

FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "demo"


def read_fixture(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))
