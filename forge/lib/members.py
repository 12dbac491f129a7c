"""A member's offline tag: an opaque, stable name for one account in the browser.

Pages carry it (a <meta> tag) so that what a browser keeps for a member — sessions waiting to
be sent, plans kept for offline use — is filed under that member and never sent or shown as
another's on a shared device. It is an HMAC of the primary key under SECRET_KEY, so it says
nothing about the account (not even how many there are) and cannot be forged for another.
"""

from django.utils.crypto import salted_hmac

TAG_LENGTH = 24


def member_tag(user) -> str:
    """The tag of a signed-in user; "" for a visitor."""
    if user is None or not user.is_authenticated:
        return ""
    return salted_hmac("forge.offline.member", str(user.pk)).hexdigest()[:TAG_LENGTH]
