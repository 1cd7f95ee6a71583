"""From expiring money to the next budget note, as a new user would do it."""

import pytest
from django.urls import reverse

from budgetnotes import workflow
from budgetnotes.choices import Category, Status
from budgetnotes.models import BudgetNote
from initiatives.models import ExpiryAssessment
from tests.initiatives.forms import form_data

pytestmark = pytest.mark.django_db


def adopt(note, editor, approver):
    workflow.apply(editor, note, "submit")
    for step in ("approve", "send", "adopt"):
        workflow.apply(approver, note, step)
    assert note.status == Status.ADOPTED


def test_bi22_from_adoption_to_follow_up_note(editor, approver, login, round_2030):
    bi22 = BudgetNote.objects.get(code="BI22")
    adopt(bi22, editor, approver)
    client = login(editor)

    # The worklist of the round after BI22's last year lists it, with a create button.
    worklist = client.get(reverse("expiry-worklist", args=["budget-2030"]))
    html = worklist.content.decode()
    assert "BI22" in html and "Opret vurdering af BI22" in html
    assert "7.600" in html  # the note's own amounts, pre-filled from the lines

    response = client.post(reverse("expiry-create", args=["budget-2030"]), {"note": bi22.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("assessment-edit", args=["budget-2030", 1])
    assessment = ExpiryAssessment.objects.get(round__slug="budget-2030", number=1)
    assert assessment.source_note == bi22 and assessment.origin == "Budget 2026"
    assert assessment.original_table.year_totals == dict.fromkeys(range(2026, 2030), 11_600)

    # Set "continue with adjustments" and the proposed economy in the editor.
    edit = client.get(response["Location"])
    assert edit.status_code == 200
    data = form_data(edit.context["form"], edit.context["original_formset"])
    proposed = edit.context["proposed_formset"]
    assert proposed.form.years == (2030, 2031, 2032, 2033)
    data.update(form_data(proposed))
    data.update(
        {
            "verdict": "justeret",
            "adjusted_content": "Indsatsen fortsætter med færre mentorer.",
            "proposed_economy_text": "8 mio. kr. årligt i 2030-2033.",
            "proposed-0-steering_area": "service",
            "proposed-0-label": "Peer-to-peer-mentorer",
            **{f"proposed-0-year_{year}": "6.000" for year in range(2030, 2034)},
            "proposed-1-steering_area": "indsats",
            **{f"proposed-1-year_{year}": "2.000" for year in range(2030, 2034)},
        }
    )
    response = client.post(reverse("assessment-edit", args=["budget-2030", 1]), data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    assessment.refresh_from_db()
    assert assessment.verdict == "justeret"
    assert assessment.proposed_table.year_totals == dict.fromkeys(range(2030, 2034), 8_000)
    assert assessment.version == 2

    # Create the follow-up note from the confirmation form, with its defaults.
    url = reverse("assessment-follow-up", args=["budget-2030", 1])
    page = client.get(url)
    assert page.context["form"]["code"].value() == "BI01"
    response = client.post(url, form_data(page.context["form"]))
    assert response.status_code == 302

    note = BudgetNote.objects.get(round__slug="budget-2030", code="BI01")
    assert note.category == Category.EXPIRY
    assert note.title == bi22.title
    assert note.content == "Indsatsen fortsætter med færre mentorer."
    assert (note.price_level, note.first_year, note.last_year) == (2030, 2030, 2033)
    assert note.status == Status.DRAFT and note.administration.code == "BIF"
    lines = [
        (
            line.activity,
            line.steering_area,
            str(line.appropriation_area),
            line.financing.initiative.name,
        )
        for line in note.funding_lines.all()
    ]
    assert [line[:2] for line in lines] == [
        ("Peer-to-peer-mentorer", "service"),
        (f"{bi22.title} (indsats)", "indsats"),
    ]
    assert "35.10" in lines[0][2] and "35.30" in lines[1][2]
    assert {line[3] for line in lines} == {bi22.funding_lines.first().financing.initiative.name}
    assert note.economy_table().year_totals == dict.fromkeys(range(2030, 2034), 8_000)
    assert note.allocations_table().year_totals == dict.fromkeys(range(2026, 2030), 11_600)

    assessment.refresh_from_db()
    assert assessment.follow_up_note == note and note.source_assessment == assessment
    detail = client.get(reverse("assessment-detail", args=["budget-2030", 1])).content.decode()
    assert note.get_absolute_url() in detail and "Kladde" in detail
    assert "Opret budgetnotat" not in detail
    # The note is in its round.
    assert note in BudgetNote.objects.filter(round__slug="budget-2030", category="bevillingsudloeb")


def post_follow_up(client, number, **changes):
    url = reverse("assessment-follow-up", args=["budget-2027", number])
    page = client.get(url)
    data = form_data(page.context["form"])
    data.update(changes)
    return client.post(url, data)


def test_a_line_without_steering_area_must_be_resolved_first(editor, login):
    client = login(editor)
    response = post_follow_up(client, 15)  # sheet 15 names no steering area
    assert response.status_code == 200
    assert "har intet styringsområde" in response.content.decode()
    assert not BudgetNote.objects.filter(round__slug="budget-2027").exclude(code="BI41").exists()
    line = ExpiryAssessment.objects.get(round__slug="budget-2027", number=15).economy_lines.get(
        kind="proposed"
    )
    response = post_follow_up(client, 15, **{f"area_{line.pk}": "service"})
    assert response.status_code == 302
    note = BudgetNote.objects.exclude(code="BI41").get(round__slug="budget-2027")
    assert note.economy_table().year_totals == dict.fromkeys(range(2027, 2031), 600)


def test_another_administrations_share_stays_out_of_the_note(editor, login):
    page = login(editor).get(reverse("assessment-follow-up", args=["budget-2027", 14]))
    assert [line.administration.code for line in page.context["excluded"]] == ["SOF"]
    response = post_follow_up(login(editor), 14)
    assert response.status_code == 302
    note = ExpiryAssessment.objects.get(round__slug="budget-2027", number=14).follow_up_note
    assert note.economy_table().year_totals == dict.fromkeys(range(2027, 2031), 2_300)


def test_only_a_continuing_verdict_becomes_a_note(editor, login):
    client = login(editor)
    for number in (1, 3, 11):  # stop, undecided, empty
        response = client.get(reverse("assessment-follow-up", args=["budget-2027", number]))
        assert response.status_code == 302
    detail = client.get(reverse("assessment-detail", args=["budget-2027", 1]), follow=True)
    assert "Opret budgetnotat" not in detail.content.decode()
    response = client.get(reverse("assessment-follow-up", args=["budget-2027", 1]), follow=True)
    assert "kan blive et budgetnotat" in response.content.decode()


def test_a_taken_code_is_reported_and_nothing_is_written(editor, login):
    client = login(editor)
    assert post_follow_up(client, 16).status_code == 302
    assert BudgetNote.objects.filter(round__slug="budget-2027", code="BI42").exists()  # after BI41
    response = post_follow_up(client, 12, code="BI42")
    assert response.status_code == 200
    assert "Der findes allerede et notat med denne kode" in response.content.decode()
    assert ExpiryAssessment.objects.get(round__slug="budget-2027", number=12).follow_up_note is None
    # Leaving the code empty takes the next free one.
    assert post_follow_up(client, 12, code="").status_code == 302
    assert BudgetNote.objects.filter(round__slug="budget-2027", code="BI43").exists()


def test_previously_allocated_rows_keep_their_lines_labels():
    """Three expiring lines in one steering area became three rows all named "Budget 2024 –
    Service"; each now keeps its label."""
    from budgetnotes.models import BudgetRound, Committee
    from initiatives.expiry.followup import follow_up_data
    from initiatives.models import ExpiryAmount, ExpiryEconomyLine
    from tests.builders import make_assessment

    assessment = make_assessment(
        BudgetRound.objects.get(slug="budget-2027"), 90, origin="Budget 2024"
    )
    for position, label in enumerate(["Mentorer", "Kurser", "Koordinator"]):
        line = ExpiryEconomyLine.objects.create(
            assessment=assessment,
            kind="original",
            position=position,
            steering_area="service",
            label=label,
        )
        ExpiryAmount.objects.create(line=line, year=2025, amount=100 * (position + 1))
    proposed = ExpiryEconomyLine.objects.create(
        assessment=assessment, kind="proposed", position=0, steering_area="service"
    )
    ExpiryAmount.objects.create(line=proposed, year=2027, amount=500)
    data = follow_up_data(
        assessment,
        BudgetRound.objects.get(slug="budget-2027"),
        "BI90",
        Committee.objects.get(code="BIU"),
        [(proposed, "service", None)],
    )
    assert [row["source"] for row in data["allocations"]] == [
        "Budget 2024 – Mentorer",
        "Budget 2024 – Kurser",
        "Budget 2024 – Koordinator",
    ]
