# Varnish 7 in front of Newsroom, purged by surrogate key (vmod xkey, Debian: varnish-modules).
#
# The app tags every public page with the keys of what it shows (`xkey` header) and, after
# each change commits, sends every address in NEWSROOM_FRONT_CACHE a `PURGE` carrying the
# keys it touched in an `xkey-purge` header (articles/cache/front_cache.py). Only the app's
# cacheable pages (they carry `xkey`) and static files are kept; everything else passes.
#
#   varnishd -a :80 -f /etc/varnish/newsroom.vcl -s malloc,512m
#   NEWSROOM_FRONT_CACHE=http://127.0.0.1:80  (on every app server, and for manage.py)
vcl 4.1;

import xkey;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

# Who may purge: the app servers.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "No xkey-purge header"));
        }
        set req.http.x-purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.x-purged));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The desk, the API, uploads, the language switch, and "/" (it redirects by language).
    if (req.url == "/" || req.url ~ "^/(admin|api|ckeditor|i18n|media)/") {
        return (pass);
    }
    # Staff are logged in: they always see the live site, as the app's own cache does.
    if (req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    unset req.http.Cookie;  # readers' pages are the same for everyone
    return (hash);
}

sub vcl_backend_response {
    if (bereq.url ~ "^/static/") {
        return (deliver);  # whitenoise: hashed names, cached for a year
    }
    if (!beresp.http.xkey || beresp.http.Set-Cookie) {
        # Not one of the app's cacheable pages (a 404, a redirect, a preview...): never kept,
        # so a scheduled piece's 404 does not outlive its release.
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    # Kept for the app's s-maxage (at most NEWSROOM_FRONT_CACHE_SECONDS, and never past the
    # next scheduled release), or until a purge; never served stale after either.
    set beresp.grace = 0s;
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.xkey;  # the keys are for Varnish; Surrogate-Key/Cache-Tag stay for a CDN
}
