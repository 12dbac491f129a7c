"""The client's address, for login lock-outs (django-axes) and the API throttle alike.

Behind a reverse proxy every request comes from the proxy's address. The proxy appends the
address it saw to X-Forwarded-For, so with TRUSTED_PROXY_COUNT = n proxies in front of Forge,
the client is the n-th address from the right; anything further left was written by the
client and can be forged. With no trusted proxy (the default) the header is ignored.
"""

from django.conf import settings


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return remote
