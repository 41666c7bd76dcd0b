"""Newsroom settings: one module, driven by environment variables.

Defaults are safe for `make run` on a laptop (SQLite, a file cache under tmp/, DEBUG on).
Production sets DJANGO_DEBUG=0, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL
and REDIS_URL; with DEBUG off a missing secret key is an error, never a fallback.
"""

import ipaddress
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.templatetags.static import static
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off. "
            'Generate one with: python -c "import secrets; print(secrets.token_urlsafe(50))"'
        )
    # Development only: a key that is obviously not a secret.
    SECRET_KEY = "dev-only-insecure-key-set-DJANGO_SECRET_KEY-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")


# --- The site's address --------------------------------------------------------------------
# Every absolute URL readers, crawlers and partners get (canonical and hreflang links, og:url,
# JSON-LD, feeds, sitemaps, robots.txt, the ninjs API) is built from NEWSROOM_SITE_URL, never
# from the request's Host: a request with another Host (a port, another allowed name) can then
# not put its address into a page that the cache keeps for every reader.
def parse_site_url(value: str) -> str:
    """The address as "scheme://host[:port]", e.g. "https://news.example.kz"; no path."""
    parts = urlsplit(value.strip())
    try:
        parts.port  # noqa: B018 - raises ValueError for a port out of range or not a number
        host = parts.hostname or ""
        valid = (
            parts.scheme in ("http", "https")
            and (re.fullmatch(r"[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?", host) or _is_ipv6(host))
            and not (parts.username or parts.password)
            and parts.path in ("", "/")
            and not (parts.query or parts.fragment)
        )
    except ValueError:
        valid = False
    if not valid:
        raise ImproperlyConfigured(
            "NEWSROOM_SITE_URL must be a scheme and a host, with an optional port and no path, "
            f"e.g. https://news.example.kz or http://127.0.0.1:8000; got {value!r}."
        )
    return f"{parts.scheme}://{parts.netloc.lower().rstrip(':')}"


def _is_ipv6(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).version == 6
    except ValueError:
        return False


def default_site_url() -> str:
    """Development: `make run`'s address. Production: the first allowed host's, if plain."""
    if DEBUG:
        return "http://127.0.0.1:8000"
    first = ALLOWED_HOSTS[0] if ALLOWED_HOSTS else ""
    if not first or first.startswith(".") or "*" in first:
        raise ImproperlyConfigured(
            "NEWSROOM_SITE_URL must be set when DJANGO_DEBUG is off (e.g. "
            "https://news.example.kz): absolute links are built from it, never from the request."
        )
    return f"{'https' if env_bool('DJANGO_HTTPS', True) else 'http'}://{first}"


NEWSROOM_SITE_URL = parse_site_url(os.environ.get("NEWSROOM_SITE_URL") or default_site_url())
if not ALLOWED_HOSTS:
    ALLOWED_HOSTS = [urlsplit(NEWSROOM_SITE_URL).hostname]
# --- end of the site's address ---------------------------------------------------------------

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.forms",  # its widget templates, for FORM_RENDERER below
    "ckeditor",
    "ckeditor_uploader",
    "reversion",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "articles",
]

# Background work (wire intake, partner deliveries) on Django's Tasks API: the `django-tasks`
# backport of Django 6.0's framework, with its database backend, so `make run` needs no
# other server (it starts `manage.py db_worker` beside runserver). At scale the same tasks run
# on a Redis queue (`django-tasks-rq`) or Celery: only this setting changes (docs/deploy.md).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("NEWSROOM_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Wire intake (articles/distribution/wire/). Folder sources read only under this folder;
# URL sources get this many seconds and bytes per answer. Addresses on loopback or private
# networks are refused (a partner's URL must not reach our own services) unless allowed,
# as for a partner on the same machine in development and tests.
NEWSROOM_WIRE_FOLDER_ROOT = Path(
    os.environ.get("NEWSROOM_WIRE_FOLDER_ROOT", BASE_DIR / "tmp" / "wire")
)
NEWSROOM_WIRE_TIMEOUT = float(os.environ.get("NEWSROOM_WIRE_TIMEOUT", "10"))
NEWSROOM_WIRE_MAX_BYTES = int(os.environ.get("NEWSROOM_WIRE_MAX_BYTES", str(5 * 1024 * 1024)))
NEWSROOM_WIRE_ALLOW_PRIVATE = env_bool("NEWSROOM_WIRE_ALLOW_PRIVATE", default=False)

# Deliveries to partners (articles/distribution/deliveries/). Endpoints are HTTPS on public
# addresses; development and tests may allow http:// and this machine's or the LAN's addresses.
NEWSROOM_DELIVERY_ALLOW_HTTP = env_bool("NEWSROOM_DELIVERY_ALLOW_HTTP", DEBUG)
NEWSROOM_DELIVERY_ALLOW_PRIVATE = env_bool("NEWSROOM_DELIVERY_ALLOW_PRIVATE", DEBUG)
# Seconds a partner has to answer one POST; an attempt is given up as lost after twice that.
NEWSROOM_DELIVERY_TIMEOUT = float(os.environ.get("NEWSROOM_DELIVERY_TIMEOUT", 10))
# Retries: after 1 minute, then 2, 4, 8... at most an hour apart, for 24 hours.
NEWSROOM_DELIVERY_RETRY_FIRST = float(os.environ.get("NEWSROOM_DELIVERY_RETRY_FIRST", 60))
NEWSROOM_DELIVERY_RETRY_LONGEST = float(os.environ.get("NEWSROOM_DELIVERY_RETRY_LONGEST", 3600))
NEWSROOM_DELIVERY_GIVE_UP_AFTER = float(os.environ.get("NEWSROOM_DELIVERY_GIVE_UP_AFTER", 86400))
# A publish's deliveries are sent side by side by this many threads of the worker (0: in turn).
NEWSROOM_DELIVERY_THREADS = int(os.environ.get("NEWSROOM_DELIVERY_THREADS", 8))

MIDDLEWARE = [
    # First: bodies over the limit are refused before anything reads them (request_limits.py).
    "articles.http.request_limits.RequestBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "articles.http.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "articles.http.security.DropMalformedSessionCookieMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The larger upload limit is for staff only; before CSRF reads the form.
    "articles.http.request_limits.StaffUploadLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "articles.cache.page_cache.PublicPageCacheMiddleware",
    "articles.site.latin.KazakhLatinMiddleware",
    # Last, as django-axes asks: counts failed logins and locks out after too many.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Admin logins: after 5 failures for one username from one address, wait an hour.
AXES_FAILURE_LIMIT = int(os.environ.get("NEWSROOM_LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# --- Whose address a failed login counts against -------------------------------------------
# Behind NEWSROOM_PROXY_COUNT proxies that each append to X-Forwarded-For, the address the
# outermost one saw; with none, the socket's (articles/http/client_address.py). The app must then be
# reachable only through those proxies. A system check refuses any other address source.
NEWSROOM_PROXY_COUNT = int(os.environ.get("NEWSROOM_PROXY_COUNT", 0))
if NEWSROOM_PROXY_COUNT < 0:
    raise ImproperlyConfigured("NEWSROOM_PROXY_COUNT must be 0 (no proxy) or more.")
AXES_CLIENT_IP_CALLABLE = "articles.http.client_address.client_address"
# --- end of whose address -------------------------------------------------------------------

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.site.context_processors.site",
            ],
            # The tag libraries live in the rooms that use them (docs/architecture.md), not in
            # an app-level templatetags/ package, so they are named here.
            "libraries": {
                "newsroom": "articles.site.templatetags.newsroom",
                "fragments": "articles.site.templatetags.fragments",
                "desk": "articles.desk.templatetags.desk",
            },
        },
    },
]

# Database: SQLite by default; DATABASE_URL (postgres://...) selects PostgreSQL via psycopg 3.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several editors saving at once: WAL lets readers go on during a write, IMMEDIATE takes
    # the write lock at the start of a transaction, and a busy writer is waited for (20 s)
    # instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
# A read replica for public pages (optional): same engine, a copy of the primary.
if DATABASE_REPLICA_URL := os.environ.get("DATABASE_REPLICA_URL", ""):
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"]
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["newsroom.db_routers.PublicReadsToReplica"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: files under tmp/ by default; REDIS_URL selects Django's Redis backend (shared by all
# servers), keeping one client per connection pool (newsroom/redis_cache.py).
# --- Redis is optional ---------------------------------------------------------------------
# Redis killed or paused must not stop the desk: no call waits more than NEWSROOM_REDIS_TIMEOUT
# seconds, and after a failure the cache answers misses at once for NEWSROOM_REDIS_RETRY_SECONDS
# before trying again (newsroom/redis_cache.py). Sessions live in the database, never in Redis
# (Django's default engine): an editor stays logged in through an outage, and a logout made
# during one cannot be undone by a session copy Redis still holds when it comes back.
REDIS_URL = os.environ.get("REDIS_URL", "")
NEWSROOM_REDIS_TIMEOUT = float(os.environ.get("NEWSROOM_REDIS_TIMEOUT", 0.25))
NEWSROOM_REDIS_RETRY_SECONDS = float(os.environ.get("NEWSROOM_REDIS_RETRY_SECONDS", 5))
SESSION_ENGINE = "django.contrib.sessions.backends.db"
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "newsroom.redis_cache.NewsroomRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_PREFIX", "newsroom"),
            "OPTIONS": {
                "socket_connect_timeout": NEWSROOM_REDIS_TIMEOUT,
                "socket_timeout": NEWSROOM_REDIS_TIMEOUT,
                "retry_seconds": NEWSROOM_REDIS_RETRY_SECONDS,
            },
        }
    }
else:
    # Files on this machine, shared by all its processes (several gunicorn workers, a shell,
    # a management command): the page cache's invalidations reach every one of them at once.
    CACHES = {
        "default": {
            "BACKEND": "newsroom.file_cache.NewsroomFileCache",
            "LOCATION": os.environ.get("NEWSROOM_CACHE_DIR", BASE_DIR / "tmp" / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
    }
# --- end of Redis is optional ---------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Russian is the agency's first language; Kazakh and English follow.
# Articles are written in NEWSROOM_CONTENT_LANGUAGES; readers also get "kk-latn", the
# Kazakh site transliterated to the official Latin alphabet at render time.
LANGUAGE_CODE = "ru"
NEWSROOM_CONTENT_LANGUAGES = [
    ("ru", _("Russian")),
    ("kk", _("Kazakh")),
    ("en", _("English")),
]
LANGUAGES = [*NEWSROOM_CONTENT_LANGUAGES, ("kk-latn", _("Kazakh (Latin script)"))]
LANGUAGES_BIDI = []
# Project strings first; then our Kazakh catalogue completing Django's own (admin, auth...).
LOCALE_PATHS = [BASE_DIR / "articles" / "locale", BASE_DIR / "articles" / "locale_django"]
# Django has no date formats for Kazakh; ours live in articles/formats/<lang>/formats.py.
FORMAT_MODULE_PATH = ["articles.formats"]
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Asia/Almaty")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Widgets render through TEMPLATES, so templates/ can override a widget's template (the
# admin's related-object links: templates/admin/widgets/related_widget_wrapper.html).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Production serves media from an origin of their own (NEWSROOM_MEDIA_DOMAIN: a CDN, the S3
# bucket's domain, or nginx serving MEDIA_ROOT; see docs/deploy.md), never the desk's.
MEDIA_URL = (
    f"https://{os.environ['NEWSROOM_MEDIA_DOMAIN']}/"
    if os.environ.get("NEWSROOM_MEDIA_DOMAIN")
    else "/media/"
)
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# The public page cache (articles/cache/page_cache.py): anonymous pages kept until the site changes
# (or this many seconds); CDNs and browsers may keep them NEWSROOM_CDN_MAX_AGE seconds.
NEWSROOM_PAGE_CACHE = env_bool("NEWSROOM_PAGE_CACHE", True)
NEWSROOM_PAGE_CACHE_SECONDS = int(os.environ.get("NEWSROOM_PAGE_CACHE_SECONDS", 600))
NEWSROOM_CDN_MAX_AGE = int(os.environ.get("NEWSROOM_CDN_MAX_AGE", 60))
# One render per change: other readers of a page being rendered wait up to this long for it,
# and a list page (never a piece's own page, never after a withdrawal) may be served as it
# was for this long after a change while it renders.
NEWSROOM_PAGE_CACHE_WAIT = float(os.environ.get("NEWSROOM_PAGE_CACHE_WAIT", 3))
NEWSROOM_PAGE_CACHE_GRACE = float(os.environ.get("NEWSROOM_PAGE_CACHE_GRACE", 2))
# Front caches to purge by surrogate key (articles/cache/front_cache.py): Varnish with vmod xkey,
# as in docs/varnish.vcl. A comma-separated list of their addresses, or empty for none.
NEWSROOM_FRONT_CACHE = env_list("NEWSROOM_FRONT_CACHE")
NEWSROOM_FRONT_CACHE_SECONDS = int(os.environ.get("NEWSROOM_FRONT_CACHE_SECONDS", 600))
# Pages each app process keeps in its own memory (besides the shared cache), checked against
# the shared versions of their keys on every hit; ~40 kB each.
# How often a live page's script asks for new updates (seconds; tests make it short).
NEWSROOM_LIVE_POLL_SECONDS = int(os.environ.get("NEWSROOM_LIVE_POLL_SECONDS", 20))
NEWSROOM_PAGE_CACHE_LOCAL_PAGES = int(os.environ.get("NEWSROOM_PAGE_CACHE_LOCAL_PAGES", 500))
# Once a publish, an edit of a live piece or a correction commits, render the piece's pages,
# its home and its section in the background, before its first readers ask
# (articles/cache/warming.py).
NEWSROOM_WARM_PAGES = env_bool("NEWSROOM_WARM_PAGES", True)
# Fragments of pages (cards, a piece's body, the header's sections...: articles/cache/fragments.py),
# kept in the shared cache while what they show is unchanged, so that a page rendered again
# after a change elsewhere reuses them. NEWSROOM_RELEASE names the code and templates
# deployed (empty: a digest of them, worked out at start); a new one starts afresh.
NEWSROOM_FRAGMENT_CACHE = env_bool("NEWSROOM_FRAGMENT_CACHE", True)
NEWSROOM_FRAGMENT_CACHE_SECONDS = int(os.environ.get("NEWSROOM_FRAGMENT_CACHE_SECONDS", 86400))
NEWSROOM_RELEASE = os.environ.get("NEWSROOM_RELEASE", "")
# Fragments each app process keeps in its own memory too (checked like the shared ones): a
# card is 1-2 kB, a piece's body block as long as its text.
NEWSROOM_FRAGMENT_CACHE_LOCAL = int(os.environ.get("NEWSROOM_FRAGMENT_CACHE_LOCAL", 1000))

# The "Most read" block (articles/reading.py): how many pieces it lists, and how often (in
# seconds, at most) its ranking is worked out again from the readers' beacons. Pages showing
# it are purged only when its order changes, so it is at most this long behind the counts.
NEWSROOM_MOST_READ_SIZE = int(os.environ.get("NEWSROOM_MOST_READ_SIZE", 5))
NEWSROOM_MOST_READ_REFRESH = int(os.environ.get("NEWSROOM_MOST_READ_REFRESH", 300))

# Media on an S3-compatible store (optional; `pip install -r requirements-s3.txt`). The
# usual AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY variables carry the credentials.
if NEWSROOM_S3_BUCKET := os.environ.get("NEWSROOM_S3_BUCKET", ""):
    STORAGES["default"] = {
        # S3Storage typing each object by its extension: image/*, or a download.
        "BACKEND": "articles.media.storage.MediaS3Storage",
        "OPTIONS": {
            "bucket_name": NEWSROOM_S3_BUCKET,
            "endpoint_url": os.environ.get("NEWSROOM_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("NEWSROOM_S3_REGION") or None,
            "custom_domain": os.environ.get("NEWSROOM_MEDIA_DOMAIN") or None,
            "querystring_auth": False,  # media are public, served through the CDN
            "file_overwrite": False,
        },
    }

# Uploads: refuse absurd files early (the image validator also checks pixels).
NEWSROOM_MAX_UPLOAD_BYTES = int(os.environ.get("NEWSROOM_MAX_UPLOAD_BYTES", 15 * 1024 * 1024))
NEWSROOM_MAX_IMAGE_PIXELS = int(os.environ.get("NEWSROOM_MAX_IMAGE_PIXELS", 40_000_000))
# Frames of an animation: each costs a decode and an encode however small it is (a 1.5 MB GIF
# holds 100,000 frames of 1 × 1 pixel), so their number is capped as well as their pixels.
NEWSROOM_MAX_IMAGE_FRAMES = int(os.environ.get("NEWSROOM_MAX_IMAGE_FRAMES", 300))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# --- Request body limits (articles/http/request_limits.py) --------------------------------------
# Whole bodies, file parts included, refused with 413 before they are read: NEWSROOM_MAX_BODY_BYTES
# for everyone; for logged-in staff on the views that take images (CKEditor's upload, the admin
# forms of photos and authors), one image of NEWSROOM_MAX_UPLOAD_BYTES plus the rest of the form.
NEWSROOM_MAX_BODY_BYTES = int(os.environ.get("NEWSROOM_MAX_BODY_BYTES", 5 * 1024 * 1024))
NEWSROOM_UPLOAD_FORM_BYTES = int(os.environ.get("NEWSROOM_UPLOAD_FORM_BYTES", 1024 * 1024))
# --- end of request body limits -------------------------------------------------------------
FILE_UPLOAD_PERMISSIONS = 0o644

NEWSROOM_SITE_NAME = os.environ.get("NEWSROOM_SITE_NAME", "Newsroom")
# Serve MEDIA_ROOT from Django when DEBUG is off (browser tests); production uses a web server.
NEWSROOM_SERVE_MEDIA = env_bool("NEWSROOM_SERVE_MEDIA", False)

LOGIN_URL = "admin:login"

# CKEditor 4 through django-ckeditor. A toolbar for news: structure, emphasis, links,
# quotes, lists, tables and images. No fonts, colours or inline styles.
CKEDITOR_UPLOAD_PATH = "uploads/"
# Images in bodies are stored as Pillow's re-encoding, named by the detected format, with
# thumbnails in the same format; the camera's EXIF (GPS included) is not published.
CKEDITOR_IMAGE_BACKEND = "articles.desk.editor_uploads.ReencodingBackend"
CKEDITOR_ALLOW_NONIMAGE_FILES = False
CKEDITOR_FILENAME_GENERATOR = "articles.media.uploads.editor_upload_filename"
CKEDITOR_BROWSE_SHOW_DIRS = True
CKEDITOR_RESTRICT_BY_DATE = True
# Static URLs are known only once the storage is set up: worked out when the editor is drawn.
_static_lazy = lazy(static, str)
CKEDITOR_CONFIGS = {
    "default": {
        "toolbar": "News",
        "toolbar_News": [
            ["Format"],
            ["Bold", "Italic", "-", "RemoveFormat"],
            ["NumberedList", "BulletedList", "-", "Blockquote"],
            ["Link", "Unlink"],
            ["Image", "Table", "SpecialChar"],
            ["Undo", "Redo", "-", "PasteText", "-", "Source", "Maximize"],
        ],
        "format_tags": "p;h2;h3;h4",
        "removePlugins": "exportpdf,flash,iframe,forms,smiley,font,colorbutton",
        "extraPlugins": "uploadimage",
        # Drag-and-drop and pasted images go to the same validated upload view.
        "uploadUrl": reverse_lazy("ckeditor_upload"),
        # Keep « » and — as characters instead of &laquo; &raquo; &mdash; entities.
        "entities": False,
        # Images get width/height attributes, never inline styles (those are stripped).
        "disallowedContent": "img{width,height,float}; *[on*]; *{*}",
        "extraAllowedContent": "img[width,height,alt,src]; figure; figcaption",
        # The writing area wears the article page's own body styles (quotes, headings,
        # tables as readers see them), not CKEditor's italic-serif defaults.
        "contentsCss": [
            _static_lazy("newsroom/article-body.css"),
            _static_lazy("newsroom/editor-frame.css"),
        ],
        "bodyClass": "story__body",
        "height": 420,
        "width": "100%",
        # The UI follows the desk's language, as far as CKEditor has a pack for it (no Kazakh:
        # Russian); language and defaultLanguage are set per page (NewsroomEditorWidget).
    },
}
SILENCED_SYSTEM_CHECKS = [
    # ckeditor.W001 warns that CKEditor 4 is end-of-life with unfixed CVEs. Those CVEs
    # are in the editor's own client-side HTML handling, which only authenticated staff
    # run. Readers never receive CKEditor, and every body is cleaned server-side with an
    # nh3 allow-list on save (articles/text/sanitize.py), so whatever the editor lets through,
    # readers get only allow-listed markup.
    "ckeditor.W001",
]

# Where media are served from when not from this site (CDN or S3 domain), for the CSP.
NEWSROOM_MEDIA_ORIGIN = (
    f"https://{os.environ['NEWSROOM_MEDIA_DOMAIN']}"
    if os.environ.get("NEWSROOM_MEDIA_DOMAIN")
    else ""
)

# Sessions: an editor's working day, then log in again.
SESSION_COOKIE_AGE = int(os.environ.get("NEWSROOM_SESSION_SECONDS", 12 * 60 * 60))

# Security headers that are right everywhere; HTTPS-only settings follow DEBUG.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Production is HTTPS behind a proxy; DJANGO_HTTPS=0 runs the production stack on plain
# http://127.0.0.1 (make serve, make bench) without secure-only cookies or redirects.
HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
