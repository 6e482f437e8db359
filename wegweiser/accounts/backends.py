"""The lockout check at sign-in (django-axes), first in ``AUTHENTICATION_BACKENDS``."""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' check for sign-ins over HTTP, refusing a username locked out from the client's address.

    A password checked without a request (a command, a test calling ``authenticate``) has no address to count
    against; instead of failing, it is left to the next backend, as before django-axes. Every sign-in form passes
    its request.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
