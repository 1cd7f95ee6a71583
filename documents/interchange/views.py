"""Upload of an interchange file on a round page (editors): all or nothing, errors listed."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from budgetnotes import access, limits
from budgetnotes.models import BudgetRound
from documents.interchange.format import ImportFailed, import_data, parse


class ImportForm(forms.Form):
    file = forms.FileField(label="JSON-fil (budgetnotatregister/2)")
    replace = forms.BooleanField(
        label="Erstat notater med samme kode (kun egne kladder)", required=False
    )

    def __init__(self, *args, too_large=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large
        if too_large:  # the upload handler stopped reading: there is no file to look at
            self.fields["file"].required = False

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload is None:  # stopped while arriving (too large): clean() says so
            return None
        if upload.size > limits.UPLOAD_BYTES:
            raise forms.ValidationError(TOO_LARGE)
        try:
            return parse(upload.read())
        except ImportFailed as failure:
            raise forms.ValidationError([str(problem) for problem in failure.problems]) from None

    def clean(self):
        if self.too_large:
            self.add_error("file", TOO_LARGE)
        return super().clean()


TOO_LARGE = (
    f"Filen er for stor: højst {limits.UPLOAD_BYTES // (1024 * 1024)} MB kan indlæses her. "
    "Del den op, eller få en administrator til at indlæse den med manage.py import_notes."
)


def refusal_for(user):
    """The access rule applied to each note in an uploaded file."""

    def check(data, existing):
        code = data.get("code")
        if not user.is_superuser and data.get("administration") != getattr(
            user.administration, "code", None
        ):
            return (
                f"Notatet tilhører {data.get('administration')}; du kan kun indlæse notater "
                "for din egen forvaltning."
            )
        if existing is not None and not access.can_edit(user, existing):
            return f"{code} findes og er ikke en kladde, du må redigere; det kan ikke erstattes."
        return None

    return check


@login_required
def import_notes(request, slug):
    budget_round = get_object_or_404(BudgetRound, slug=slug)
    if not access.can_create(request.user):
        raise PermissionDenied("Kun redaktører kan indlæse notater.")
    if not access.round_is_writable(request.user, budget_round):
        context = {"round": budget_round, "closed": access.closed_round_message(budget_round)}
        return render(request, "interchange/import.html", context, status=403)
    posted = request.method == "POST"
    form = ImportForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        too_large=getattr(request, "upload_too_large", False),
    )
    problems = []
    if posted and form.is_valid():
        try:
            # In the browser, notes arrive as drafts and assessments are not touched.
            notes = import_data(
                form.cleaned_data["file"],
                replace=form.cleaned_data["replace"],
                user=request.user,
                check_note=refusal_for(request.user),
                create_reference=request.user.is_superuser,
                as_drafts=True,
                with_assessments=False,
                into_round=budget_round,
                max_notes=limits.UPLOAD_NOTES,
                max_funding_lines=limits.UPLOAD_FUNDING_LINES,
            )
        except ImportFailed as failure:
            problems = failure.problems
        else:
            messages.success(request, f"{len(notes)} notater er indlæst som kladder.")
            return redirect(budget_round.get_absolute_url())
    status = 400 if problems or form.errors else 200
    return render(
        request,
        "interchange/import.html",
        {"round": budget_round, "form": form, "problems": problems},
        status=status,
    )
