"""A very heavy note cannot take the server down: limits no real note reaches, checked in the
one write path (save_note), in the import (the file's size before it is read, the schema before
any note is resolved) and in the editor's forms, each refused with a Danish message that names
the limit, nothing written."""

import copy
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from budgetnotes import limits
from budgetnotes.models import BudgetNote, BudgetRound, FundingLine
from budgetnotes.services import NoteDataError, note_to_data, save_note
from documents.interchange.format import SCHEMA, ImportFailed, export_round, import_data
from tests.builders import copy_line

pytestmark = pytest.mark.django_db

EDIT = "/budget-2026/BI22/rediger/"
UPLOAD = reverse("round-import", args=["budget-2026"])


def bi22_data():
    return note_to_data(BudgetNote.objects.with_everything().get(code="BI22"))


def with_lines(data, count):
    line = data["funding_lines"][0]
    data["funding_lines"] = [dict(line, activity=f"Linje {n}") for n in range(count)]
    return data


def problems_of(data, **kwargs):
    with pytest.raises(NoteDataError) as caught:
        save_note(data, **kwargs)
    return [str(problem) for problem in caught.value.problems]


def test_save_note_refuses_more_funding_lines_than_the_limit(bi22):
    lines_before = FundingLine.objects.count()
    problems = problems_of(with_lines(bi22_data(), 10_000), note=bi22)
    assert problems == ["BI22: Finansieringslinjer: højst 300 rækker i et notat (der er 10.000)."]
    assert FundingLine.objects.count() == lines_before
    bi22.refresh_from_db()
    assert bi22.version == 1


@pytest.mark.parametrize(
    ("key", "label"),
    [
        ("allocations", "Tidligere afsatte midler"),
        ("conversions", "Konverteringer"),
        ("effect_rows", "Effekttabellen"),
    ],
)
def test_save_note_refuses_other_tables_beyond_their_limit(bi22, key, label):
    data = bi22_data()
    data[key] = [{"source": "x", "text": "x"} for _ in range(101)]
    assert f"BI22: {label}: højst 100 rækker i et notat (der er 101)." in problems_of(
        data, note=bi22
    )


@pytest.mark.slow
def test_a_note_at_the_limit_saves(bi22):
    saved = save_note(with_lines(bi22_data(), limits.FUNDING_LINES), note=bi22)
    assert saved.funding_lines.count() == 300


def test_save_note_refuses_a_section_longer_than_the_limit(bi22):
    data = bi22_data()
    data["background"] = "ord " * 5001  # 20,004 characters
    assert problems_of(data, note=bi22) == [
        "BI22: „baggrund“ er for lang: højst 20.000 tegn (der er 20.004)."
    ]
    data = bi22_data()
    data["effect_rows"] = [{"target_group": "x" * 2001}]
    assert problems_of(data, note=bi22) == [
        "BI22, effekttabel, række 1: „målgruppe“ er for lang: højst 2.000 tegn (der er 2.001)."
    ]


def test_the_schema_states_the_same_limits():
    note = SCHEMA["$defs"]["note"]["properties"]
    for key, limit in limits.ROW_LIMITS.items():
        assert note[key]["maxItems"] == limit, key
    assert SCHEMA["$defs"]["text"]["maxLength"] == limits.SECTION_CHARS
    assert SCHEMA["$defs"]["cell"]["maxLength"] == limits.CELL_CHARS
    assert note["districts"]["maxItems"] == limits.DISTRICTS
    assert note["scenarios"]["items"]["properties"]["number"]["maximum"] == limits.SCENARIOS


def test_the_import_refuses_a_heavy_note_by_its_schema_before_saving_anything():
    data = export_round(BudgetRound.objects.get(slug="budget-2026"))
    data["notes"][0]["code"] = "BI60"
    with_lines(data["notes"][0], 10_000)
    with pytest.raises(ImportFailed) as caught:
        import_data(data)
    assert [str(p) for p in caught.value.problems] == [
        "BI60: Finansieringslinjer: højst 300 rækker (der er 10.000)."
    ]
    assert not BudgetNote.objects.filter(code="BI60").exists()


def upload(client, payload):
    file = SimpleUploadedFile("notater.json", payload, "application/json")
    return client.post(UPLOAD, {"file": file})


@pytest.mark.parametrize("size", [limits.UPLOAD_BYTES + 1, 2 * limits.UPLOAD_BYTES])
def test_an_upload_larger_than_the_limit_is_refused_at_the_field(client, editor, size):
    """Counted while it arrives (just over) or refused by its declared length (far over)."""
    client.force_login(editor)
    response = upload(client, b" " * size)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Filen er for stor: højst 5 MB kan indlæses her." in html
    assert 'class="form-error-message"' in html or "form-error" in html


def test_an_upload_with_more_lines_in_all_than_the_limit_is_refused(client, editor):
    data = export_round(BudgetRound.objects.get(slug="budget-2026"))
    note = data["notes"][0]
    data["notes"] = [
        with_lines(dict(copy.deepcopy(note), code=f"BI{70 + n}"), 300) for n in range(7)
    ]
    client.force_login(editor)
    response = upload(client, json.dumps(data).encode())
    assert response.status_code == 400
    assert "Filen har 2.100 finansieringslinjer; der kan højst indlæses 2.000" in (
        response.content.decode()
    )
    assert not BudgetNote.objects.filter(code="BI70").exists()


@pytest.mark.slow
def test_the_editor_refuses_too_long_text_and_too_many_rows_at_their_place(
    login, editor, editor_post, bi22
):
    post = editor_post(bi22)
    post["background"] = "x" * 20_001
    response = login(editor).post(EDIT, post)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Højst 20.000 tegn (der er 20.001)." in html  # at the field

    post = editor_post(bi22)
    template = {
        key[len("lines-0-") :]: value for key, value in post.items() if key.startswith("lines-0-")
    }
    for index in range(301):
        for name, value in template.items():
            post[f"lines-{index}-{name}"] = value
    post["lines-TOTAL_FORMS"] = "301"
    response = login(editor).post(EDIT, post)
    assert response.status_code == 200
    assert "Højst 300 rækker i denne tabel." in response.content.decode()
    bi22.refresh_from_db()
    assert bi22.version == 1


def test_the_admin_keeps_the_text_and_row_limits(client, editor, bi22):
    """The admin writes through model forms: the limits stand on the models and inlines."""
    from tests.test_admin import current_form_data

    client.force_login(editor)
    url = reverse("admin:budgetnotes_budgetnote_change", args=[bi22.pk])
    data = current_form_data(client, url)
    data["background"] = "x" * 200_000
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Højst 20.000 tegn (der er 200.000)." in response.content.decode()

    data = current_form_data(client, url)
    prefix = next(key for key in data if key.endswith("-TOTAL_FORMS") and "scenario" in key)
    prefix = prefix[: -len("-TOTAL_FORMS")]
    for index in range(1, 22):
        data[f"{prefix}-{index}-number"] = str(index + 1)
        data[f"{prefix}-{index}-name"] = f"Scenarie {index + 1}"
    data[f"{prefix}-TOTAL_FORMS"] = "22"
    response = client.post(url, data)
    assert response.status_code == 200
    assert bi22.scenarios.count() == 1
    bi22.refresh_from_db()
    assert bi22.background != "x" * 200_000


def test_the_admins_row_screen_adds_no_line_past_the_limit(bi22):
    from django.core.exceptions import ValidationError

    line = bi22.funding_lines.first()
    copy_line(line, limits.FUNDING_LINES - bi22.funding_lines.count(), start=10, activity="Fyld")
    extra = FundingLine(
        note=bi22,
        activity="Én for meget",
        steering_area=line.steering_area,
        committee=line.committee,
        appropriation_area=line.appropriation_area,
    )
    with pytest.raises(ValidationError) as caught:
        extra.full_clean()
    assert (
        "Notatet har allerede 300 rækker i denne tabel, det højeste tilladte."
        in caught.value.messages
    )
