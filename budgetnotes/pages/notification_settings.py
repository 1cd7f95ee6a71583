"""The logged-in user's choice of e-mail notifications (budgetnotes.notifications): each kind
on or off."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from budgetnotes import notifications


class NotificationSettingsForm(forms.Form):
    """A checkbox per kind: ticked sends the e-mail, unticked turns the kind off."""

    def __init__(self, *args, muted=(), **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in notifications.KIND_CHOICES.items():
            self.fields[kind] = forms.BooleanField(
                label=label, required=False, initial=kind not in muted
            )

    def muted_kinds(self):
        return [kind for kind in notifications.KIND_CHOICES if not self.cleaned_data[kind]]


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request):
    data = request.POST if request.method == "POST" else None
    form = NotificationSettingsForm(data, muted=notifications.muted_kinds(request.user))
    if data is not None and form.is_valid():
        notifications.set_muted(request.user, form.muted_kinds())
        messages.success(request, "Dine valg af e-mailbeskeder er gemt.")
        return redirect("notification-settings")
    return render(request, "budgetnotes/notification_settings.html", {"form": form})
