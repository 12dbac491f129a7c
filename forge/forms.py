from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from forge.models import User


class UserCreationForm(auth_forms.UserCreationForm):
    class Meta:
        model = User
        fields = ["email"]


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class SignupForm(auth_forms.BaseUserCreationForm):
    """Sign up with an email address and a password (twice)."""

    class Meta:
        model = User
        fields = ["email"]

    def clean_email(self):
        return User.objects.normalize_email(self.cleaned_data["email"]).strip()

    def _get_validation_exclusions(self):
        # Whether the address has an account is never told on the page (so no uniqueness
        # check here): the sign-up service emails its owner instead (forge.services).
        return {*super()._get_validation_exclusions(), "email"}


class EmailAuthenticationForm(auth_forms.AuthenticationForm):
    username = auth_forms.UsernameField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "language"]
        labels = {"language": _("Language of the site")}
        help_texts = {
            "display_name": _("Shown on plans you share. Left empty, they say “a Forge member”."),
            "language": _("Forge uses it whenever you sign in, on any device."),
        }


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To make sure it is really you."),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password
