"""Comments on a note (budgetnotes.comments, services.comments, pages.comments): where they
sit, replies, Løst / Genåbn, the one access rule in every page and count, the open counts,
the confirmation before sending and the review sheet."""

import copy

import pytest

from budgetnotes import comments, workflow
from budgetnotes.models import BudgetNote, Comment
from budgetnotes.services import comments as write
from budgetnotes.services import note_to_data, save_note

pytestmark = pytest.mark.django_db

NOTE = "/budget-2026/BI22/"


def first_line(note):
    return note.funding_lines.order_by("position", "id").first()


def on_2027(note):
    return comments.Anchor(row_kind="funding_lines", row_id=first_line(note).pk, year=2027)


def test_a_comment_on_the_2027_amount_of_the_first_line_is_shown_where_it_sits(
    client, editor, approver, bi22
):
    write.add(approver, bi22, "2027 er for højt.", on_2027(bi22))

    client.force_login(editor)
    page = client.get(NOTE)
    html = page.content.decode()
    (thread,) = page.context["threads"]
    activity = first_line(bi22).activity  # 61 characters: cut at 60 with an ellipsis
    assert thread.place == f"Linje 1: {activity[:59]}…, 2027"
    assert "2027 er for højt." in html
    assert "1 åben kommentar" in html
    assert page.context["open_comments"] == 1


def test_posting_a_comment_a_reply_and_resolving_through_the_pages(client, editor, approver, bi22):
    line = first_line(bi22)
    client.force_login(approver)
    response = client.post(
        f"{NOTE}kommentarer/",
        {"place": f"row:funding_lines:{line.pk}", "year": "2027", "text": "Beløbet for 2027?"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{NOTE}#kommentarer"
    comment = Comment.objects.get(note=bi22)
    assert (comment.author, comment.row_id, comment.year) == (approver, line.pk, 2027)

    client.force_login(editor)
    assert (
        client.post(f"{NOTE}kommentarer/{comment.pk}/svar/", {"text": "Rettet."}).status_code == 302
    )
    assert client.post(f"{NOTE}kommentarer/{comment.pk}/loest/").status_code == 302
    comment.refresh_from_db()
    assert comment.resolved_by == editor and not comment.is_open
    assert [reply.text for reply in comment.replies.all()] == ["Rettet."]
    assert client.get(NOTE).context["open_comments"] == 0

    assert client.post(f"{NOTE}kommentarer/{comment.pk}/genaabn/").status_code == 302
    comment.refresh_from_db()
    assert comment.is_open


def test_an_empty_comment_is_refused_at_its_field_and_the_place_is_kept(client, approver, bi22):
    line = first_line(bi22)
    client.force_login(approver)
    response = client.post(
        f"{NOTE}kommentarer/",
        {"place": f"row:funding_lines:{line.pk}", "year": "2027", "text": "  "},
    )
    assert response.status_code == 400
    form = response.context["comment_form"]
    assert form.errors["text"] == ["Skriv en kommentar."]
    html = response.content.decode()
    assert "Kommentaren er ikke gemt." in html
    assert f'value="row:funding_lines:{line.pk}" selected' in html
    assert not Comment.objects.exists()


def test_a_year_the_row_does_not_have_is_refused(approver, bi22):
    anchor = comments.Anchor(row_kind="funding_lines", row_id=first_line(bi22).pk, year=1999)
    with pytest.raises(write.CommentError, match="Året hører ikke til rækken"):
        write.add(approver, bi22, "Hvad med 1999?", anchor)


def test_another_notes_row_is_not_a_place_of_this_note(approver, bi22, bi05):
    anchor = comments.Anchor(row_kind="funding_lines", row_id=first_line(bi05).pk)
    with pytest.raises(write.CommentError, match="Rækken findes ikke"):
        write.add(approver, bi22, "Forkert notat", anchor)


def test_editing_the_commented_line_keeps_the_comment_on_it(editor, approver, bi22):
    comment = write.add(approver, bi22, "2027 er for højt.", on_2027(bi22))
    line = first_line(bi22)
    old_2027 = line.amounts.get(year=2027).amount
    data = copy.deepcopy(note_to_data(bi22, with_ids=True))
    data["funding_lines"][0]["amounts"]["2027"] -= 400
    data["funding_lines"].insert(0, copy.deepcopy(data["funding_lines"][1]) | {"id": None})
    note = save_note(data, note=bi22, user=editor, expected_version=bi22.version, rows_by_id=True)

    note = BudgetNote.objects.with_everything().get(pk=note.pk)
    (thread,) = comments.threads(note, editor)
    assert thread.comment == comment
    assert thread.comment.row_id == line.pk  # the same stored line, now the second
    assert thread.place.startswith("Linje 2: ")
    assert thread.place.endswith(", 2027")
    assert note.funding_lines.get(pk=line.pk).amounts.get(year=2027).amount == old_2027 - 400


def test_a_comment_on_a_deleted_line_says_so(editor, approver, bi22):
    write.add(approver, bi22, "Skal den med?", on_2027(bi22))
    data = copy.deepcopy(note_to_data(bi22, with_ids=True))
    del data["funding_lines"][0]
    note = save_note(data, note=bi22, user=editor, expected_version=bi22.version, rows_by_id=True)
    (thread,) = comments.threads(BudgetNote.objects.get(pk=note.pk), editor)
    assert thread.place == "En række, der er slettet, 2027"


def test_who_may_comment(editor, approver, secretary, analyst, sof_editor, bi22):
    for user in (editor, approver):
        assert write.add(user, bi22, "Ok", comments.Anchor()).pk
    for user in (secretary, analyst, sof_editor):
        with pytest.raises(write.CommentError):
            write.add(user, bi22, "Må ikke", comments.Anchor())


def test_a_secretary_reads_but_cannot_write(client, approver, secretary, bi22):
    comment = write.add(approver, bi22, "Til mødet", comments.Anchor(section="economy_text"))
    client.force_login(secretary)
    page = client.get(NOTE)
    assert "Til mødet" in page.content.decode()
    assert page.context["comment_form"] is None
    assert client.post(f"{NOTE}kommentarer/", {"text": "Hej"}).status_code == 400
    assert client.post(f"{NOTE}kommentarer/{comment.pk}/loest/").status_code == 403
    assert Comment.objects.count() == 1


def test_a_hidden_notes_comments_are_nowhere_for_another_administration(
    client, approver, sof_editor, bi22
):
    comment = write.add(approver, bi22, "Hemmelig kommentar om 2027", on_2027(bi22))
    client.force_login(sof_editor)
    for url in (
        NOTE,
        f"{NOTE}kommentarer/pdf/",
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        f"{NOTE}kommentarer/",
        f"{NOTE}kommentarer/{comment.pk}/svar/",
        f"{NOTE}kommentarer/{comment.pk}/loest/",
        f"{NOTE}kommentarer/{comment.pk}/genaabn/",
    ):
        assert client.post(url, {"text": "x"}).status_code == 404, url
    round_page = client.get("/budget-2026/").content.decode()
    assert "Hemmelig" not in round_page and "kommentar" not in round_page
    assert not comments.readable(sof_editor).exists()
    assert comments.threads(bi22, sof_editor) == []
    comment.refresh_from_db()
    assert comment.is_open and not comment.replies.exists()


def test_the_round_page_counts_open_comments_per_note(client, editor, approver, bi22):
    write.add(approver, bi22, "Et", comments.Anchor())
    write.add(approver, bi22, "To", comments.Anchor(section="resume"))
    write.resolve(approver, write.add(approver, bi22, "Løst", comments.Anchor()))
    client.force_login(editor)
    html = client.get("/budget-2026/").content.decode()
    assert f'href="{NOTE}#kommentarer">2 åbne kommentarer</a>' in html


def test_sending_with_open_comments_needs_the_approvers_confirmation(
    client, editor, approver, bi22
):
    note = workflow.apply(editor, bi22, "submit")
    note = workflow.apply(approver, note, "approve")
    write.add(approver, note, "Stadig åben", comments.Anchor())
    with pytest.raises(workflow.ValidationError, match="1 åben"):
        workflow.apply(approver, BudgetNote.objects.get(pk=note.pk), "send")

    client.force_login(approver)
    url = f"{NOTE}handling/send/"
    page = client.get(url)
    assert "Fremsend alligevel, selv om 1 kommentar stadig er åben" in page.content.decode()
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 400
    assert "Sæt flueben" in refused.content.decode()
    assert BudgetNote.objects.get(pk=note.pk).status == "godkendt"

    assert client.post(url, {"reason": "", "confirm_open_comments": "on"}).status_code == 302
    assert BudgetNote.objects.get(pk=note.pk).status == "fremsendt"


def test_sending_without_open_comments_asks_nothing_more(client, editor, approver, bi22):
    note = workflow.apply(editor, bi22, "submit")
    note = workflow.apply(approver, note, "approve")
    write.resolve(approver, write.add(approver, note, "Klaret", comments.Anchor()))
    client.force_login(approver)
    page = client.get(f"{NOTE}handling/send/")
    assert "Fremsend alligevel" not in page.content.decode()
    assert client.post(f"{NOTE}handling/send/", {"reason": ""}).status_code == 302


def test_the_note_pdf_has_no_comments_and_the_review_sheet_lists_them(
    client, approver, secretary, bi22
):
    import io

    from pypdf import PdfReader

    write.add(approver, bi22, "Beløbet for 2027 er for højt.", on_2027(bi22))
    client.force_login(secretary)
    response = client.get(f"{NOTE}kommentarer/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Gennemgangsark · 1 åben af 1" in text
    assert "Beløbet for 2027 er for højt." in text
    assert "Linje 1:" in text and "2027 – Åben" in text

    from documents.pdf import versions

    _version, html = versions.note_html_now(bi22.pk)
    assert "for højt" not in html and "kommentar" not in html.lower()
