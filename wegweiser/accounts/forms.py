from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
        help_text=_("The six digits your authenticator app shows, or one of your backup codes."),
    )


class SetupForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class DisableForm(forms.Form):
    code = forms.CharField(label=_("Code from the app or a backup code"), max_length=32, required=False)
    password = forms.CharField(
        label=_("or your password"), required=False, widget=forms.PasswordInput(attrs={"autocomplete": "off"})
    )

    def clean(self):
        data = super().clean()
        if not data.get("code") and not data.get("password"):
            raise forms.ValidationError(_("Enter a current code or your password."))
        return data


class LogFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False)
    user = forms.CharField(label=_("Person (username)"), required=False, max_length=150)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, actions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("All")), *[(action, action) for action in actions]]

    def filter(self, events):
        data = self.cleaned_data
        if data.get("action"):
            events = events.filter(action=data["action"])
        if data.get("user"):
            events = events.filter(
                Q(actor_name__icontains=data["user"])
                | Q(subject_name__icontains=data["user"])
                | Q(details__username=data["user"])
            )
        if data.get("date_from"):
            events = events.filter(when__date__gte=data["date_from"])
        if data.get("date_to"):
            events = events.filter(when__date__lte=data["date_to"])
        return events


class UnlockForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
