"""Workflow actions on a note: each is confirmed on a page of its own (GET), with a reason
(required when sending a note back to its editor), then taken (POST)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from budgetnotes import access, workflow
from budgetnotes.choices import Status
from budgetnotes.pages.lookup import note_or_404

EXPLANATIONS = {
    "submit": "Notatet sendes til godkenderne i forvaltningen. Du kan trække det tilbage, "
    "indtil det er godkendt.",
    "withdraw": "Notatet bliver en kladde igen, som du kan rette og sende til godkendelse på ny.",
    "approve": "Notatet er klar til at blive fremsendt. Det kan ikke rettes, medmindre det "
    "genåbnes.",
    "send_back": "Notatet bliver en kladde igen. Skriv, hvad redaktøren skal rette; "
    "begrundelsen står i notatets historik.",
    "send": "Notatet bliver fremsendt og låst. Alle brugere kan derefter læse det, og det kan "
    "kun ændres, hvis en godkender genåbner det.",
    "adopt": "Notatet markeres som vedtaget i budgetforhandlingerne.",
    "reject": "Notatet markeres som ikke vedtaget i budgetforhandlingerne.",
    "reopen": "Notatet bliver en kladde igen, som redaktørerne kan ændre. Hvis det var "
    "fremsendt, kan andre forvaltninger ikke længere se det.",
}


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Begrundelse",
        required=False,
        max_length=workflow.REASON_CHARS,
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 4}),
    )

    def __init__(self, *args, transition, open_comments=0, **kwargs):
        super().__init__(*args, **kwargs)
        if open_comments and transition.target == Status.SENT:
            self.fields["confirm_open_comments"] = forms.BooleanField(
                label=f"Fremsend alligevel, selv om {open_comments} "
                + (
                    "kommentar stadig er åben"
                    if open_comments == 1
                    else "kommentarer stadig er åbne"
                ),
                required=True,
                error_messages={
                    "required": "Sæt flueben, hvis notatet skal fremsendes med åbne "
                    "kommentarer, eller løs dem først."
                },
            )
        field = self.fields["reason"]
        field.required = transition.reason_required
        field.help_text = (
            "Skal udfyldes: hvad skal redaktøren rette?"
            if transition.reason_required
            else "Valgfri. Står i historikken ved skridtet."
        )
        field.error_messages["required"] = (
            "Skriv en begrundelse, så redaktøren ved, hvad der skal rettes."
        )


def step_done(transition, name):
    """The message after a step, in Danish: "BI22 er godkendt."."""
    return str(transition.done) % {"name": name}


@login_required
@require_http_methods(["GET", "POST"])
def note_action(request, slug, code, action):
    note = note_or_404(request, slug, code)
    transition = workflow.TRANSITIONS.get(action)
    if transition is None:
        raise Http404("Ukendt handling.")
    if not workflow.allowed(request.user, note, transition):
        if note.status not in transition.sources and access.can_manage_workflow(request.user, note):
            messages.error(
                request,
                f"„{transition.label}“ kan ikke bruges, når notatet har status "
                f"{note.get_status_display()}.",
            )
            return redirect(note)
        raise PermissionDenied(f"Du har ikke ret til at {str(transition.label).lower()}.")
    form = ReasonForm(
        request.POST if request.method == "POST" else None,
        transition=transition,
        open_comments=workflow.open_comments(note) if transition.target == Status.SENT else 0,
    )
    if request.method == "POST" and form.is_valid():
        try:
            workflow.apply(
                request.user,
                note,
                action,
                form.cleaned_data["reason"],
                open_comments_confirmed=form.cleaned_data.get("confirm_open_comments", False),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, step_done(transition, note.code))
        return redirect(note)
    return confirm_page(
        request, note, note.code, note.title, transition, form, EXPLANATIONS.get(action, "")
    )


def confirm_page(request, obj, subject, title, transition, form, explanation="", action=""):
    """The page that confirms a step on a note or a sheet (templates/partials/workflow_confirm)."""
    return render(
        request,
        "partials/workflow_confirm.html",
        {
            "subject": subject,
            "title": title,
            "status": obj.get_status_display(),
            "back_url": obj.get_absolute_url(),
            "round": obj.round,
            "transition": transition,
            "explanation": explanation,
            "form": form,
            "action": action,
        },
        status=400 if request.method == "POST" else 200,
    )
