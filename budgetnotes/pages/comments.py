"""Comments on a note's page: write one, reply, Løst / Genåbn (POST, then back to the note's
comments). The rules are in budgetnotes.comments and budgetnotes.services.comments; the
review sheet that lists them for a meeting is a PDF (documents.pdf.review)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from budgetnotes import access, comments, limits
from budgetnotes.models import BudgetNote, Comment
from budgetnotes.pages.lookup import note_or_404
from budgetnotes.services import comments as write


class CommentForm(forms.Form):
    place = forms.ChoiceField(label="Hvor i notatet", required=False)
    year = forms.ChoiceField(label="År", required=False)
    text = forms.CharField(
        label="Kommentar",
        max_length=limits.COMMENT_CHARS,
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 3}),
        help_text="Nævn en kollega med @brugernavn, så får vedkommende en e-mail.",
        error_messages={"required": "Skriv en kommentar."},
    )

    def __init__(self, *args, note, **kwargs):
        super().__init__(*args, **kwargs)
        self.places = comments.places(note)
        self.fields["place"].choices = [(p.anchor.value, p.label) for p in self.places]
        self.fields["place"].widget.attrs["class"] = "form-select"
        years = note.years
        self.fields["year"].choices = [("", "Hele rækken")] + [(y, str(y)) for y in years]
        self.fields["year"].widget.attrs["class"] = "form-select"
        self.fields["year"].help_text = "Kun for en række med beløb."


class ReplyForm(forms.Form):
    text = forms.CharField(
        label="Svar",
        max_length=limits.COMMENT_CHARS,
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 2}),
        error_messages={"required": "Skriv et svar."},
    )


def back_to_comments(note):
    return redirect(f"{note.get_absolute_url()}#kommentarer")


def comments_context(user, note, form=None, reply_to=None, reply_form=None):
    """What the note page's comments panel shows."""
    can_comment = access.can_comment(user, note)
    return {
        "threads": comments.threads(note, user),
        "can_comment": can_comment,
        "comment_form": form or (CommentForm(note=note) if can_comment else None),
        "reply_to": reply_to,
        "reply_form": reply_form,
    }


def refused(request, note, form, error, reply_to=None):
    """The note page again, the form kept with the error at its field (400)."""
    from budgetnotes.pages.notes import render_note  # the note page imports this module

    if str(error):
        form.add_error(error.field if error.field in form.fields else None, str(error))
    note = BudgetNote.objects.with_everything().get(pk=note.pk)
    extra = (
        comments_context(request.user, note, reply_to=reply_to, reply_form=form)
        if reply_to
        else comments_context(request.user, note, form=form)
    )
    return render_note(request, note, extra, status=400)


@login_required
@require_POST
def comment_add(request, slug, code):
    note = note_or_404(request, slug, code)
    form = CommentForm(request.POST, note=note)
    if not form.is_valid():
        return refused(request, note, form, write.CommentError(""))
    anchor = comments.parse(form.cleaned_data["place"], form.cleaned_data["year"])
    try:
        write.add(request.user, note, form.cleaned_data["text"], anchor)
    except write.CommentError as error:
        return refused(request, note, form, error)
    messages.success(request, "Kommentaren er gemt.")
    return back_to_comments(note)


def thread_or_404(request, slug, code, pk):
    note = note_or_404(request, slug, code)
    return note, get_object_or_404(Comment, pk=pk, note=note)


@login_required
@require_POST
def comment_reply(request, slug, code, pk):
    note, thread = thread_or_404(request, slug, code, pk)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return refused(request, note, form, write.CommentError(""), reply_to=thread.pk)
    try:
        write.reply(request.user, thread, form.cleaned_data["text"])
    except write.CommentError as error:
        return refused(request, note, form, error, reply_to=thread.pk)
    messages.success(request, "Svaret er gemt.")
    return back_to_comments(note)


def _state(request, slug, code, pk, change, done):
    note, thread = thread_or_404(request, slug, code, pk)
    try:
        change(request.user, thread)
    except write.CommentError as error:
        if not access.can_comment(request.user, note):
            raise PermissionDenied(str(error)) from error
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return back_to_comments(note)


@login_required
@require_POST
def comment_resolve(request, slug, code, pk):
    return _state(request, slug, code, pk, write.resolve, "Kommentaren er markeret som løst.")


@login_required
@require_POST
def comment_reopen(request, slug, code, pk):
    return _state(request, slug, code, pk, write.reopen, "Kommentaren er genåbnet.")
