"""Sign-up and profile pages (login, logout and password pages are Django's own views)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts import services
from accounts.forms import SignupForm
from common.exceptions import ApplicationError
from common.net import client_ip
from common.ratelimit import rate_limit_hit


def _too_many(response, retry_after: int):
    response["Retry-After"] = str(retry_after)
    return response


def _wait_text(seconds: int) -> str:
    minutes = max(1, round(seconds / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


@login_not_required
def signup(request):
    if not services.signup_open():
        return render(request, "accounts/signup_closed.html", status=403)
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        wait = rate_limit_hit(
            scope="signup",
            ident=client_ip(request) or "",
            rate=getattr(settings, "HARMONYHUB_SIGNUP_RATE", ""),
        )
        if wait:
            form.is_valid()  # bound, so the page shows what was typed
            form.add_error(
                None,
                "Too many sign-ups from your address; try again in " + _wait_text(wait) + ".",
            )
            response = render(request, "accounts/signup.html", {"form": form}, status=429)
            return _too_many(response, wait)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_signup(
                username=form.cleaned_data["username"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            site = settings.HARMONYHUB_SITE_NAME
            messages.success(request, f"Welcome to {site}, {user.username}!")
            return redirect("home")
    return render(
        request, "accounts/signup.html", {"form": form}, status=400 if form.errors else 200
    )


def profile(request):
    context = {
        "token": services.api_token_get(user=request.user),
        # The full key is shown once, right after it was created.
        "new_key": request.session.pop("new_token", None),
    }
    return render(request, "accounts/profile.html", context)


@require_POST
def token_create(request):
    token = services.api_token_create(user=request.user)
    messages.success(request, "A new API token was created. Any previous token no longer works.")
    request.session["new_token"] = token.key
    return redirect("accounts:profile")


@require_POST
def token_revoke(request):
    if services.api_token_revoke(user=request.user):
        messages.success(request, "Your API token was revoked.")
    else:
        messages.info(request, "You had no API token.")
    return redirect("accounts:profile")


def data_export(request):
    """Download everything held about the signed-in user as JSON."""
    from accounts.api_me import export_response

    return export_response(request.user)


def account_delete(request):
    """Confirm with the password, then delete the account and everything that references it."""
    from django.contrib.auth import logout

    from accounts.forms import AccountDeleteForm

    form = AccountDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_delete(user=request.user, password=form.cleaned_data["password"])
        except ApplicationError as exc:
            for field, errors in exc.fields.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
            if not exc.fields:
                form.add_error(None, exc.message)
        else:
            logout(request)
            messages.success(request, "Your account and all your data were deleted.")
            return redirect("accounts:login")
    return render(
        request, "accounts/account_delete.html", {"form": form}, status=400 if form.errors else 200
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's view; the change revokes API tokens and is a security event (other sessions are
    signed out by Django)."""

    def form_valid(self, form):
        response = super().form_valid(form)
        services.user_password_changed(user=form.user, how="changed")
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's view, limited per client address and per e-mail address (each request sends
    mail to someone who did not ask for it)."""

    def form_valid(self, form):
        rate = getattr(settings, "HARMONYHUB_PASSWORD_RESET_RATE", "")
        email = (form.cleaned_data.get("email") or "").strip().lower()
        wait = rate_limit_hit(
            scope="password-reset", ident=client_ip(self.request) or "", rate=rate
        ) or rate_limit_hit(scope="password-reset-email", ident=email, rate=rate)
        if wait:
            form.add_error(
                None,
                "Too many password reset requests; try again in " + _wait_text(wait) + ".",
            )
            response = self.render_to_response(self.get_context_data(form=form), status=429)
            return _too_many(response, wait)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        services.user_password_changed(user=form.user, how="reset")
        return response
