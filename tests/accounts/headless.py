"""A browser-like client for allauth's headless API: CSRF enforced, token sent as X-CSRFToken."""

from django.test import Client

BASE = "/_allauth/browser/v1"


class HeadlessClient(Client):
    def __init__(self, **kwargs):
        super().__init__(enforce_csrf_checks=True, **kwargs)
        self.get(f"{BASE}/config")

    def _csrf_headers(self):
        return {"X-CSRFToken": self.cookies["csrftoken"].value}

    def post_json(self, path, data=None):
        return self.post(path, data or {}, content_type="application/json", headers=self._csrf_headers())

    def delete_json(self, path, data=None):
        return self.delete(path, data or {}, content_type="application/json", headers=self._csrf_headers())

    def api(self, method, path, data=None):
        """Call the project's own API under /api/v1/ with the same session and CSRF token."""
        if method == "get":
            return self.get(path)
        send = getattr(self, method)
        return send(path, data or {}, content_type="application/json", headers=self._csrf_headers())
