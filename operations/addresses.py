"""The client's address behind trusted reverse proxies (settings.TRUSTED_PROXIES), for
login throttling (django-axes, through config.security), the access log and the request log.
docs/operations.md#reverse-proxy says how to set the proxies up."""

import ipaddress
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@cache
def _networks(entries):
    try:
        return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)
    except ValueError as error:
        raise ImproperlyConfigured(f"DJANGO_TRUSTED_PROXIES: {error}") from None


def _address(text):
    """An address as proxies write it: "203.0.113.9", "203.0.113.9:5678" (IIS, Azure),
    "2001:db8::1" or "[2001:db8::1]:5678"; None if it is none of these."""
    text = text.strip()
    if text.startswith("["):
        text = text[1:].split("]", 1)[0]
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def client_address(request):
    """REMOTE_ADDR, unless it is a trusted proxy (settings.TRUSTED_PROXIES): then the nearest
    address in X-Forwarded-For that is not a trusted proxy, read from the right, since only
    the entries our own proxies appended can be believed. Anything unreadable on the way
    stops the walk at the last address we can trust."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = _networks(tuple(settings.TRUSTED_PROXIES))

    def trusted(address):
        return address is not None and any(address in network for network in proxies)

    if not trusted(_address(remote)):
        return remote
    client = remote
    hops = request.headers.get("x-forwarded-for", "").split(",")
    for hop in reversed([hop.strip() for hop in hops if hop.strip()]):
        address = _address(hop)
        if address is None:
            break
        client = str(address)
        if not trusted(address):
            break
    return client


def from_trusted_proxy(request):
    """Whether the request came straight from one of our reverse proxies."""
    address = _address(request.META.get("REMOTE_ADDR", ""))
    proxies = _networks(tuple(settings.TRUSTED_PROXIES))
    return address is not None and any(address in network for network in proxies)
