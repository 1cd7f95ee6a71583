"""Workflow steps on the note's page: each is confirmed on a page of its own, may carry a
reason (sending back needs one), the reason is kept in Historik, an editor can take back a
note that waits for approval, and the messages read as Danish sentences."""

from budgetnotes import workflow
from budgetnotes.choices import Status
from budgetnotes.models import BudgetNote

NOTE = "/budget-2026/BI22/"


def status(note):
    return BudgetNote.objects.get(pk=note.pk).status


def test_every_step_is_offered_as_a_confirmation_page(login, editor, bi22):
    client = login(editor)
    html = client.get(NOTE).content.decode()
    assert f'href="{NOTE}handling/submit/"' in html
    assert 'action="/budget-2026/BI22/handling/' not in html  # no step in one click
    confirm = client.get(f"{NOTE}handling/submit/").content.decode()
    assert "Ja, send til godkendelse" in confirm and "Begrundelse" in confirm
    assert status(bi22) == Status.DRAFT


def test_sending_back_needs_a_reason_which_history_keeps(login, editor, approver, bi22):
    workflow.apply(editor, bi22, "submit")
    client = login(approver)
    response = client.post(f"{NOTE}handling/send_back/", {"reason": "  "})
    assert response.status_code == 400
    assert "Skriv en begrundelse, så redaktøren ved, hvad der skal rettes." in (
        response.content.decode()
    )
    assert status(bi22) == Status.SUBMITTED

    reason = "Beløbet for 2027 er for højt; se aftalen fra juni."
    response = client.post(f"{NOTE}handling/send_back/", {"reason": reason}, follow=True)
    assert status(bi22) == Status.DRAFT
    assert "BI22 er sendt tilbage til redaktøren som kladde." in response.content.decode()
    entry = client.get(f"{NOTE}historik/").context["entries"][0]
    assert (entry.title, entry.reason, entry.user) == (
        "Send tilbage til redaktøren",
        reason,
        "Gustav Godkender",
    )
    assert ("Status", "Til godkendelse", "Kladde") in {
        (c.what, c.old, c.new) for c in entry.changes
    }


def test_approving_may_carry_a_reason_and_says_so_plainly(login, editor, approver, bi22):
    workflow.apply(editor, bi22, "submit")
    response = login(approver).post(
        f"{NOTE}handling/approve/", {"reason": "Godkendt på ledermødet."}, follow=True
    )
    assert "BI22 er godkendt." in response.content.decode()
    entry = login(approver).get(f"{NOTE}historik/").context["entries"][0]
    assert (entry.title, entry.reason) == ("Godkend", "Godkendt på ledermødet.")


def test_an_editor_takes_back_a_note_that_waits_for_approval(login, editor, approver, bi22):
    client = login(editor)
    client.post(f"{NOTE}handling/submit/")
    assert status(bi22) == Status.SUBMITTED
    html = client.get(NOTE).content.decode()
    assert "Træk tilbage" in html and "Send tilbage til redaktøren" not in html
    response = client.post(f"{NOTE}handling/withdraw/", follow=True)
    assert "BI22 er trukket tilbage og er en kladde igen." in response.content.decode()
    assert status(bi22) == Status.DRAFT
    # The approver sends back instead; no one takes back an approved note.
    note = workflow.apply(editor, BudgetNote.objects.get(pk=bi22.pk), "submit")
    assert [t.name for t in workflow.available(approver, note)] == ["approve", "send_back"]
    workflow.apply(approver, note, "approve")
    assert login(editor).post(f"{NOTE}handling/withdraw/").status_code == 403


def test_an_editor_of_another_administration_cannot_take_it_back(login, editor, bi22, personas):
    workflow.apply(editor, bi22, "submit")
    response = login(personas["sof-redaktor"]).post(f"{NOTE}handling/withdraw/")
    assert response.status_code in (403, 404)
    assert status(bi22) == Status.SUBMITTED
