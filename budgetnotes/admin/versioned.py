"""An admin change form that carries the version it was opened at and refuses, in Danish,
a save that meets a newer one: the admin's side of "no lost updates" (the write path's
version claim is the other)."""

from typing import TYPE_CHECKING

from django import forms

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class VersionedAdminForm(forms.ModelForm):
    """Set `stale_message` to the refusal, with %(v)s for the version stored now."""

    stale_message: "StrOrPromise" = ""
    expected_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["expected_version"] = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            stored = (
                type(self.instance)
                ._default_manager.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if cleaned.get("expected_version") != stored:
                raise forms.ValidationError(self.stale_message % {"v": stored})
        return cleaned
