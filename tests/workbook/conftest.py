import pytest
from django.core.management import call_command

from tests.workbook.helpers import open_workbook


@pytest.fixture
def command_workbook(tmp_path):
    """Run `appropriations_xlsx` and open the result."""

    def run(*args):
        path = tmp_path / "out.xlsx"
        call_command("appropriations_xlsx", *args, "-o", str(path))
        return open_workbook(str(path))

    return run
