"""Every formula carries its value (`<f>` with `<v>`): read without recalculating (openpyxl's
data_only, as Excel's Protected View, previews and pandas read it) every total is there, and
it is what LibreOffice Calc computes when it recalculates the same file."""

import shutil
import subprocess

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from budgetnotes.generate import generate_round

pytestmark = pytest.mark.django_db

SOFFICE = shutil.which("soffice")


def write(tmp_path, slug):
    path = tmp_path / f"{slug}.xlsx"
    call_command("appropriations_xlsx", slug, "-o", str(path))
    return path


def formula_cells(path):
    """{(sheet, coordinate): the stored value} of every formula cell."""
    formulas = load_workbook(path)
    stored = load_workbook(path, data_only=True)
    found = {}
    for sheet in formulas.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    found[(sheet.title, cell.coordinate)] = stored[sheet.title][
                        cell.coordinate
                    ].value
    return found


def recalculated(path, tmp_path):
    """The workbook as LibreOffice Calc computes it: opened, recalculated and saved again
    (xlsx → ods → xlsx, in a profile of its own)."""
    if SOFFICE is None:  # pragma: no cover - make test installs libreoffice-calc-nogui
        pytest.fail("LibreOffice (soffice) is not installed: run make test, which installs it")
    profile = (tmp_path / "lo-profile").as_uri()
    out = tmp_path / "lo"
    for source, target in ((path, "ods"), (out / f"{path.stem}.ods", "xlsx")):
        subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                target,
                "--outdir",
                str(out),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    return load_workbook(out / f"{path.stem}.xlsx", data_only=True)


@pytest.mark.parametrize("slug", ["budget-2026", "budget-2027"])
def test_every_formula_has_its_value_stored(tmp_path, slug):
    cells = formula_cells(write(tmp_path, slug))
    assert len(cells) >= 10
    blank = [place for place, stored in cells.items() if stored is None]
    assert not blank, blank


@pytest.mark.slow
def test_the_stored_values_are_what_libreoffice_computes(tmp_path):
    """BI22, BI41 (a line shared by three committees), the sheets, and a generated round."""
    generate_round("formler-2040", notes=12, lines_per_note=4, administrations=["BIF"])
    for slug in ("budget-2027", "formler-2040"):
        path = write(tmp_path, slug)
        cells = formula_cells(path)
        computed = recalculated(path, tmp_path)
        differ = {
            place: (stored, computed[place[0]][place[1]].value)
            for place, stored in cells.items()
            if stored != computed[place[0]][place[1]].value
        }
        assert not differ, (slug, list(differ.items())[:10])
