from django.contrib.auth import views as auth_views
from django.urls import path

from forge import accounts
from forge.forms import EmailAuthenticationForm

urlpatterns = [
    path("signup/", accounts.signup, name="signup"),
    path("signup/sent/", accounts.signup_sent, name="signup-sent"),
    path("signup/confirm/<uidb64>/<token>/", accounts.signup_confirm, name="signup-confirm"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=EmailAuthenticationForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", accounts.SignOutView.as_view(), name="logout"),
    path("profile/", accounts.profile, name="profile"),
    path("delete/", accounts.account_delete, name="account-delete"),
    path("api-token/", accounts.api_token_create, name="api-token-create"),
    path("api-token/revoke/", accounts.api_token_revoke, name="api-token-revoke"),
    path("password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
