"""Historik shows every change field by field with user and time; the workflow moves a note
from Kladde to Fremsendt (locked) and back, with confirmation where it locks or unlocks."""

from budgetnotes.models import BudgetNote


def test_history_shows_a_changed_amount_with_the_user(login, editor, editor_post, bi22):
    post = editor_post(bi22)
    post["lines-0-year_2027"] = "7.700"
    post["title"] = "Ny titel"
    client = login(editor)
    assert client.post("/budget-2026/BI22/rediger/", post).status_code == 302
    response = client.get("/budget-2026/BI22/historik/")
    entry = response.context["entries"][0]
    assert entry.user == "Rikke Redaktør"  # the person's name, not the login name
    assert entry.version == 2
    changes = {(c.what, c.old, c.new) for c in entry.changes}
    assert (
        "Peer to peer-medarbejdere, kompetenceudvikling og koordinator, 2027",
        "7.600",
        "7.700",
    ) in changes
    assert (
        "Titel",
        "Styrket beskæftigelsesindsats for borgere med handicap (peer to peer)",
        "Ny titel",
    ) in changes
    html = response.content.decode()
    assert "Rikke Redaktør" in html and "7.700" in html


def test_history_shows_added_and_removed_rows(login, editor, editor_post, bi22):
    post = editor_post(bi22)
    post["lines-1-DELETE"] = "on"
    post["districts"] = ["valby"]
    post.pop("citywide")  # a note in Valby is not citywide (save_note refuses both)
    client = login(editor)
    assert client.post("/budget-2026/BI22/rediger/", post).status_code == 302
    entry = client.get("/budget-2026/BI22/historik/").context["entries"][0]
    whats = [(c.what, c.old, c.new) for c in entry.changes]
    # Rows are kept by their id: the removed middle line is the one shown as removed, and
    # the line after it has not changed (it only moved up).
    assert whats == [
        ("Bydele", "–", "Valby"),
        (
            "Linje fjernet: Konsulenter til efterværn",
            "2026: 2.000 · 2027: 2.000 · 2028: 2.000 · 2029: 2.000",
            "fjernet",
        ),
    ]


def test_removing_the_middle_line_is_one_row_of_history(login, editor, editor_post, bi22):
    """The issue's walk: BI22's middle line removed and saved shows that, and nothing else
    (no amounts one by one, no line after it changed, no text changed by line endings)."""
    post = editor_post(bi22)
    post["lines-1-DELETE"] = "on"
    for name in ("content", "decision"):  # a browser's textarea sends CRLF line endings
        post[name] = post[name].replace("\n", "\r\n")
        assert "\r\n" in post[name]
    client = login(editor)
    assert client.post("/budget-2026/BI22/rediger/", post).status_code == 302
    entry = client.get("/budget-2026/BI22/historik/").context["entries"][0]
    assert [c.what for c in entry.changes] == ["Linje fjernet: Konsulenter til efterværn"]


def test_an_added_line_is_one_row_with_its_amounts(login, editor, editor_post, bi22):
    post = editor_post(bi22)
    total = int(post["lines-TOTAL_FORMS"])
    for name, value in {
        "activity": "Ny aktivitet",
        "steering_area": "service",
        "committee": "BIU",
        "appropriation": "",
        "income_expense": "U",
        "year_2027": "500",
        "year_2028": "1.500",
    }.items():
        post[f"lines-{total}-{name}"] = value
    post["lines-TOTAL_FORMS"] = str(total + 1)
    client = login(editor)
    assert client.post("/budget-2026/BI22/rediger/", post).status_code == 302
    entry = client.get("/budget-2026/BI22/historik/").context["entries"][0]
    assert [(c.what, c.old, c.new) for c in entry.changes] == [
        ("Linje tilføjet: Ny aktivitet", "–", "2027: 500 · 2028: 1.500")
    ]


def test_the_workflow_from_draft_to_sent_and_back(login, editor, approver, bi22):
    client = login(editor)
    assert client.post("/budget-2026/BI22/handling/submit/").status_code == 302
    assert BudgetNote.objects.get(pk=bi22.pk).status == "til_godkendelse"

    client = login(approver)
    html = client.get("/budget-2026/BI22/").content.decode()
    assert "Godkend" in html
    assert client.post("/budget-2026/BI22/handling/approve/").status_code == 302
    # Sending locks the note: confirmed on a page of its own.
    confirm = client.get("/budget-2026/BI22/handling/send/")
    assert "Ja, fremsend" in confirm.content.decode()
    assert client.post("/budget-2026/BI22/handling/send/").status_code == 302
    note = BudgetNote.objects.get(pk=bi22.pk)
    assert note.status == "fremsendt"
    assert login(editor).get("/budget-2026/BI22/rediger/").status_code == 403

    entries = login(approver).get("/budget-2026/BI22/historik/").context["entries"]
    assert entries[0].title == "Fremsend"
    assert entries[0].user == "Gustav Godkender"
    assert ("Status", "Godkendt", "Fremsendt") in {
        (c.what, c.old, c.new) for c in entries[0].changes
    }

    assert client.post("/budget-2026/BI22/handling/reopen/").status_code == 302
    assert BudgetNote.objects.get(pk=bi22.pk).status == "kladde"


def test_a_wrong_step_is_explained(login, approver):
    client = login(approver)
    response = client.post("/budget-2026/BI22/handling/send/", follow=True)
    assert "„Fremsend“ kan ikke bruges, når notatet har status Kladde." in response.content.decode()


def test_unknown_actions_are_404(login, approver):
    assert login(approver).post("/budget-2026/BI22/handling/slet/").status_code == 404
