"""Price indices as named, dated sets: read from the published figures (CSV or a
spreadsheet) in the admin; conversions use the newest set and say which."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from budgetnotes.models import BudgetNote, PriceIndex, PriceIndexSet, User
from budgetnotes.prices_import import IndexFileError, read_indices
from budgetnotes.services import note_to_data
from budgetnotes.services.reshaping import reshape

pytestmark = pytest.mark.django_db

CSV = "År;Styringsområde;Indeks\n2026;Service;118,0\n2027;service;121,0\n2026;indsats;116,8\n"
CSV += "2027;Indsats;120,0\n2026;Overførsler mv.;116,3\n2027;overfoersler;119,0\n"


def test_a_csv_of_published_figures_reads_with_danish_decimals():
    rows = read_indices(CSV.encode(), "kl-juni-2026.csv")
    assert rows[:2] == [
        ("service", 2026, Decimal("118.000")),
        ("service", 2027, Decimal("121.000")),
    ]
    assert {area for area, _year, _index in rows} == {"service", "indsats", "overfoersler"}


def test_a_spreadsheet_reads_the_same():
    book = Workbook()
    for row in [line.split(";") for line in CSV.strip().splitlines()]:
        book.active.append(row)
    raw = io.BytesIO()
    book.save(raw)
    assert read_indices(raw.getvalue(), "kl.xlsx") == read_indices(CSV.encode(), "kl.csv")


def test_bad_rows_are_said_with_their_line():
    bad = "år;område;indeks\n2026;service;118,0\n20x6;service;1\n2027;skole;1\n2027;service;abc\n"
    with pytest.raises(IndexFileError) as caught:
        read_indices(bad.encode(), "x.csv")
    assert caught.value.problems == [
        "Linje 3: »20x6« er ikke et år.",
        "Linje 4: ukendt styringsområde »skole«.",
        "Linje 5: »abc« er ikke et indekstal.",
    ]


def test_a_set_added_in_the_admin_becomes_the_one_conversions_use(client, bi22):
    admin_user = User.objects.create_superuser("prisadmin", password="x")
    client.force_login(admin_user)
    url = reverse("admin:budgetnotes_priceindexset_add")
    response = client.post(
        url,
        {
            "name": "KL juni 2026",
            "published": "2026-06-15",
            "source": "KL's pris- og lønskøn",
            "file": SimpleUploadedFile("kl.csv", CSV.encode()),
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    chosen = PriceIndexSet.objects.current()
    assert (chosen.name, chosen.is_example, chosen.indices.count()) == ("KL juni 2026", False, 6)
    assert PriceIndex.objects.table()[("service", 2027)] == Decimal("121.000")
    data, _dropped = reshape(
        note_to_data(bi22),
        first_year=2026,
        last_year=2029,
        price_level=2027,
        convert=True,
        indices=PriceIndex.objects.table(),
    )
    assert data["funding_lines"][0]["amounts"]["2026"] == 7_793  # 7.600 × 121,0 / 118,0


def test_a_set_needs_its_file_and_a_bad_file_is_refused_at_the_field(client):
    client.force_login(User.objects.create_superuser("prisadmin", password="x"))
    url = reverse("admin:budgetnotes_priceindexset_add")
    response = client.post(url, {"name": "Tomt", "published": "2026-06-15"})
    assert response.context["adminform"].form.errors["file"] == [
        "Vælg filen med det offentliggjorte sæts tal."
    ]
    bad = SimpleUploadedFile("x.csv", b"2026;skole;1\n")
    response = client.post(url, {"name": "Tomt", "published": "2026-06-15", "file": bad})
    assert response.context["adminform"].form.errors["file"] == [
        "Linje 1: ukendt styringsområde »skole«."
    ]
    assert PriceIndexSet.objects.count() == 1


def test_the_copy_and_the_workbook_name_the_set(editor, login, bi22, tmp_path):
    from django.core.management import call_command

    from tests.workbook.helpers import open_workbook

    client = login(editor)
    url = reverse("note-copy", args=["budget-2026", "BI22"])
    page = client.get(url)
    data = {k: str(v) for k, v in page.context["form"].initial.items() if v is not None}
    data["target_round"] = str(page.context["form"].initial["target_round"].pk)
    data |= {"first_year": "2026", "last_year": "2029"}
    response = client.post(url, data, follow=True)
    text = response.content.decode()
    assert "med prisindekset »Eksempeltal til demonstration (eksempeltal)«" in text
    out = tmp_path / "x.xlsx"
    call_command("appropriations_xlsx", "budget-2026", "--pl", "2027", "-o", str(out))
    sheet = open_workbook(str(out))["Bevillinger"]
    header = " ".join(
        str(cell.value) for row in sheet.iter_rows(max_row=8) for cell in row if cell.value
    )
    assert "omregnet med prisindekset »Eksempeltal til demonstration (eksempeltal)«" in header
    assert BudgetNote.objects.filter(round__slug="budget-2027", code="BI22").exists()


@pytest.mark.django_db
def test_the_admin_shows_indices_with_a_decimal_comma(admin_client):
    """101.700 reads as a hundred thousand to a Danish reader: the figures say 101,7."""
    from django.urls import reverse

    from budgetnotes.models import PriceIndex, PriceIndexSet

    index_set = PriceIndexSet.objects.filter(indices__isnull=False).first()
    index = PriceIndex.objects.filter(set=index_set).exclude(index=100).first()
    shown = f"{index.index.normalize():f}".replace(".", ",")
    assert "," in shown
    html = admin_client.get(
        reverse("admin:budgetnotes_priceindexset_change", args=[index_set.pk])
    ).content.decode()
    assert f"{index.get_steering_area_display()} {index.year}: {shown}" in html
    assert f'value="{index.index:f}"'.replace(".", ",") in html
    assert f"{index.index:f}" not in html  # never the point
