"""Single sign-on over OpenID Connect (docs/operations.md#single-sign-on): the parsing of the
SSO environment variables, the mapping from the provider's claims to roles and an
administration, and the provider's logout URL.

Plain functions without models, so config.settings can use them; the authentication backend
is config.sso_backend and the views are config.sso_views. Everything that runs per request
reads django.conf.settings at call time, so tests can override it."""

from urllib.parse import urlencode, urlsplit

from django.core.exceptions import ImproperlyConfigured

from budgetnotes.choices import Role

# The endpoints the OpenID Connect flow needs when OIDC_ISSUER is set (read as they are, no
# discovery: the app starts without asking the provider anything).
REQUIRED_ENDPOINTS = [
    "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT",
    "OIDC_OP_JWKS_ENDPOINT",
]


def parse_mapping(name, value):
    """'A=x|y,B=z' as {"A": ["x", "y"], "B": ["z"]}; an error names the variable."""
    mapping = {}
    for item in (value or "").split(","):
        item = item.strip()
        if not item:
            continue
        key, sep, groups = item.partition("=")
        key = key.strip()
        names = [group.strip() for group in groups.split("|") if group.strip()]
        if not sep or not key or not names:
            raise ImproperlyConfigured(
                f"{name}: {item!r} skal skrives som navn=gruppe (flere grupper adskilt med |), "
                f"fx Redaktør=BUDGET-Redaktoer|BUDGET-Redaktoer2"
            )
        if key in mapping:
            raise ImproperlyConfigured(f"{name}: {key!r} står der mere end én gang")
        mapping[key] = names
    return mapping


def parse_role_groups(value, name="OIDC_ROLE_GROUPS"):
    """The roles' provider groups: {"Redaktør": ["BUDGET-Redaktoer"], ...}. Every name must be
    a role (budgetnotes.choices.Role)."""
    mapping = parse_mapping(name, value)
    unknown = [role for role in mapping if role not in Role.values]
    if unknown:
        raise ImproperlyConfigured(
            f"{name}: {', '.join(unknown)} er ikke en rolle; rollerne er {', '.join(Role.values)}"
        )
    return mapping


def parse_administration_groups(value, name="OIDC_ADMINISTRATION_GROUPS"):
    """The administrations' provider groups: {"ØKF": ["BUDGET-OKF"], ...}, by the
    administration's code (checked against the database at login)."""
    return parse_mapping(name, value)


def check_endpoints(environ):
    missing = [name for name in REQUIRED_ENDPOINTS if not environ.get(name)]
    if missing:
        raise ImproperlyConfigured(
            f"OIDC_ISSUER er sat, men {', '.join(missing)} mangler: single sign-on kræver "
            "udbyderens endepunkter (se udbyderens /.well-known/openid-configuration)"
        )


def origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def group_names(claims, claim):
    groups = claims.get(claim) or []
    if isinstance(groups, str):
        groups = [groups]
    return {str(group) for group in groups}


def roles_from_claims(claims, settings):
    """The role names the claims give, by OIDC_ROLE_GROUPS."""
    groups = group_names(claims, settings.OIDC_CLAIM_GROUPS)
    return {
        role
        for role, provider_groups in settings.OIDC_ROLE_GROUPS.items()
        if groups.intersection(provider_groups)
    }


def administration_code_from_claims(claims, settings):
    """The administration's code: the OIDC_CLAIM_ADMINISTRATION claim if that is set, else the
    one administration whose OIDC_ADMINISTRATION_GROUPS group the user has (None for none or
    for several)."""
    if settings.OIDC_CLAIM_ADMINISTRATION:
        code = claims.get(settings.OIDC_CLAIM_ADMINISTRATION)
        return str(code).strip() if code else None
    groups = group_names(claims, settings.OIDC_CLAIM_GROUPS)
    codes = [
        code
        for code, provider_groups in settings.OIDC_ADMINISTRATION_GROUPS.items()
        if groups.intersection(provider_groups)
    ]
    return codes[0] if len(codes) == 1 else None


def provider_logout_url(request):
    """OIDC_OP_LOGOUT_URL_METHOD: the provider's end_session URL with the ID token of this
    login and the way back to the login page; the login page itself when the provider has no
    logout endpoint or this session holds no ID token (a local login)."""
    from django.conf import settings
    from django.urls import reverse

    login_url = request.build_absolute_uri(reverse("login"))
    id_token = request.session.get("oidc_id_token")
    if not settings.OIDC_OP_LOGOUT_ENDPOINT or not id_token:
        return login_url
    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": settings.OIDC_POST_LOGOUT_REDIRECT_URL or login_url,
            "client_id": settings.OIDC_RP_CLIENT_ID,
        }
    )
    separator = "&" if "?" in settings.OIDC_OP_LOGOUT_ENDPOINT else "?"
    return f"{settings.OIDC_OP_LOGOUT_ENDPOINT}{separator}{query}"
