"""The single sign-on backend (docs/operations.md#single-sign-on): mozilla-django-oidc's
authorization code flow, with the ID token checked in full (signature, alg, exp, iss, aud,
nonce) and the user's name, e-mail, administration and roles taken from the claims at every
login.

It answers only the callback's own call (config.sso_views.CallbackView, which has checked
the state and holds the nonce and the PKCE verifier): Django asks every backend at every
authenticate(), the local login form's too, and mozilla's backend would otherwise exchange
any `code` in the query string. A user without a role or an administration here is never
returned (the callback shows them the page saying whom to ask)."""

import logging

import jwt
import requests
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from budgetnotes.choices import Role
from budgetnotes.models import Administration
from config import sso

logger = logging.getLogger(__name__)


class SSOBackend(OIDCAuthenticationBackend):
    """Users are found by the provider's subject (the ID token's sub, kept as
    User.sso_subject), made at their first login with the provider's login name
    (OIDC_CLAIM_USERNAME), and brought up to date at every login: name, e-mail,
    administration and the role groups (a role the provider no longer gives is taken away;
    other groups are left)."""

    def authenticate(self, request, **kwargs):
        if not self.is_callback(request, kwargs):
            return None
        try:
            user = super().authenticate(request, **kwargs)
        except (SuspiciousOperation, requests.RequestException, ValueError, KeyError) as error:
            logger.warning("single sign-on refused: %s", error)
            user = None
        if user is not None and not has_access(user):
            request.sso_refused_user = user  # for the callback's page saying whom to ask
            user = None
        if user is None:
            request.session.pop("oidc_id_token", None)  # no logout at the provider for this
        return user

    @staticmethod
    def is_callback(request, credentials):
        """Whether this is the callback's call: its path, a nonce, no username or password."""
        if request is None or not credentials.get("nonce"):
            return False
        if {"username", "password"} & set(credentials):
            return False
        try:
            return request.path == reverse("oidc_authentication_callback")
        except NoReverseMatch:  # single sign-on is off
            return False

    def get_user(self, user_id):
        """The session's user while they may log in (ModelBackend's rule: an account made
        inactive in the admin is out at its next request)."""
        user = super().get_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    # -- the ID token --------------------------------------------------------------------

    def _verify_jws(self, payload, key):
        try:
            header = jwt.get_unverified_header(payload)
        except jwt.PyJWTError as error:
            raise SuspiciousOperation(f"ID token unreadable: {error}") from None
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation(f"ID token signed with {header.get('alg')!r}")
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=settings.OIDC_RP_CLIENT_ID,
                issuer=settings.OIDC_ISSUER,
                leeway=settings.OIDC_LEEWAY_SECONDS,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.PyJWTError as error:
            raise SuspiciousOperation(f"ID token refused: {error}") from None

    def verify_token(self, token, **kwargs):
        """The payload of a valid ID token; SuspiciousOperation for anything else (bad
        signature, expired, another issuer or audience, another or no nonce, unreadable,
        unknown key)."""
        if not token or not isinstance(token, str):
            raise SuspiciousOperation("no ID token")
        if not kwargs.get("nonce"):  # mozilla's check lets a token without one pass then
            raise SuspiciousOperation("no nonce to check the ID token against")
        try:
            return super().verify_token(token, **kwargs)
        except SuspiciousOperation:
            raise
        except (jwt.PyJWTError, requests.RequestException, ValueError, KeyError, TypeError) as e:
            raise SuspiciousOperation(f"ID token refused: {e!r}") from None

    # -- the claims ----------------------------------------------------------------------

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims, with the userinfo endpoint's added when it is configured
        (Entra ID gives the groups in the ID token only)."""
        claims = dict(payload)
        if settings.OIDC_OP_USER_ENDPOINT:
            userinfo = super().get_userinfo(access_token, id_token, payload)
            if userinfo.get("sub") != payload.get("sub"):
                raise SuspiciousOperation("userinfo is about another subject")
            claims.update(userinfo)
        return claims

    def verify_claims(self, claims):
        return bool(claims.get("sub")) and bool(self.username_from(claims))

    def username_from(self, claims):
        return str(claims.get(settings.OIDC_CLAIM_USERNAME) or "").strip()[:150]

    def filter_users_by_claims(self, claims):
        """The user with the claims' subject. At a subject's first login, a local account
        with the same login name is bound to it only with OIDC_BIND_LOCAL_ACCOUNTS on, and
        never a superuser (a break-glass account) or an account bound to another subject;
        otherwise a login name that is taken is refused."""
        subject = str(claims["sub"])
        found = list(self.UserModel.objects.filter(sso_subject=subject))
        if found:
            return found
        username = self.username_from(claims)
        taken = list(self.UserModel.objects.filter(username__iexact=username))
        if not taken:
            return taken
        bindable = [user for user in taken if user.sso_subject is None and not user.is_superuser]
        if not settings.OIDC_BIND_LOCAL_ACCOUNTS or len(bindable) != 1:
            raise SuspiciousOperation(
                f"the login name {username!r} belongs to a local account or another subject "
                f"than {subject!r} (docs/operations.md#single-sign-on: OIDC_BIND_LOCAL_ACCOUNTS)"
            )
        account = bindable[0]
        # From now on the account is the provider's: no password here, no permissions
        # of its own beside the roles the provider gives.
        account.set_unusable_password()
        account.user_permissions.clear()
        logger.info("single sign-on: local account %r bound to subject %r", username, subject)
        return [account]

    def create_user(self, claims):
        user = self.UserModel(username=self.username_from(claims))
        user.set_unusable_password()
        return self.update_user(user, claims)

    @transaction.atomic
    def update_user(self, user, claims):
        user.sso_subject = str(claims["sub"])
        name = str(claims.get(settings.OIDC_CLAIM_NAME) or "").strip()
        first, _, last = name.rpartition(" ") if " " in name else (name, "", "")
        user.first_name, user.last_name = first[:150], last[:150]
        user.email = str(claims.get(settings.OIDC_CLAIM_EMAIL) or "")[:254]
        code = sso.administration_code_from_claims(claims, settings)
        user.administration = Administration.objects.filter(code=code).first() if code else None
        if code and user.administration is None:
            logger.warning("single sign-on: no administration with code %r", code)
        roles = sso.roles_from_claims(claims, settings)
        user.is_staff = bool(roles)
        user.save()
        kept = user.groups.exclude(name__in=Role.values)
        user.groups.set([*kept, *Group.objects.filter(name__in=roles)])
        return user


def has_access(user):
    """Whether an SSO user may use the registry: a role and an administration."""
    return user.administration_id is not None and user.groups.filter(name__in=Role.values).exists()
