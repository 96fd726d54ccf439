from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie


@never_cache
@ensure_csrf_cookie
def spa_index(request, path=""):
    """Every SPA route answers with the built index.html; the client-side router takes it from there."""
    index = settings.FRONTEND_DIST_DIR / "index.html"
    if not index.exists():
        return HttpResponse(
            "The web app has not been built yet: run `npm ci && npm run build` in frontend/.",
            content_type="text/plain",
            status=503,
        )
    return FileResponse(index.open("rb"), content_type="text/html")


def health(request):
    return HttpResponse("ok", content_type="text/plain")
