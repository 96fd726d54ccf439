"""The embedded default for a laptop: everything runs with nothing configured."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)

# A stand-in video server for the laptop set-up: links are well formed, but no server answers them.
JITSI_DOMAIN = env("JITSI_DOMAIN", default="video.portal.localhost")
JITSI_APP_SECRET = env("JITSI_APP_SECRET", default="insecure-local-video-secret-for-the-laptop-only")

# On a laptop a webhook receiver is a program on the same machine (http://127.0.0.1:…).
WEBHOOK_ALLOW_HTTP = env.bool("WEBHOOK_ALLOW_HTTP", default=True)
WEBHOOK_ALLOW_PRIVATE_HOSTS = env.bool("WEBHOOK_ALLOW_PRIVATE_HOSTS", default=True)
