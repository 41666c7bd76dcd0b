"""Hostile bodies saved through the real admin form run nothing in a reader's browser.

An editor logs in through the admin login page and posts the whole XSS corpus
(`tests/text/xss_vectors.py`) through the article add form, a dozen vectors per article. A reader
in a fresh browser context, with `window.__xss__` hooked, then opens every article: no
vector may call the hook, open a dialog or take the page elsewhere, and the body may hold
only the sanitizer's allow-list. Before that, the hook is shown to work by rendering three
raw vectors, which must fire.

The site also sends a Content-Security-Policy (`articles/http/security.py`) that would block most
of these on its own. The reader's browser ignores it here: this test is about the sanitizer,
and a policy that hid a sanitizer failure would make it pass for the wrong reason.
"""

import json

import pytest

from articles.models import Article
from articles.text.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, sanitize_body
from tests.factories import article_form
from tests.text.xss_vectors import LEGITIMATE, VECTORS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery-staple-42"
ADD_URL = "/admin/articles/article/add/"
CHANGELIST_URL = "/admin/articles/article/"
BATCH_SIZE = 12
SETTLE_MS = 300

# After each vector: close whatever it left open (an attribute value, a comment, a raw-text
# element, foreign content) so the next vector is parsed on its own. Each vector is preceded
# by a marker paragraph; finding every marker as a <p> on the page proves no vector was
# swallowed by its neighbour.
RESET = (
    "\"'>--></textarea></title></style></xmp></noembed></noscript></noframes></iframe>"
    "</template></select></script></svg></math></table>"
)

# Every frame gets `__xss__`: it records into the frame's `__fired__`, the top window's (when
# reachable) and the test itself (a binding, which works in cross-origin frames too).
HOOK = """
(() => {
  const fired = [];
  Object.defineProperty(window, "__fired__", { value: fired });
  Object.defineProperty(window, "__xss__", {
    value: (n) => {
      fired.push(String(n));
      try { if (window.top !== window) window.top.__fired__.push(String(n)); } catch (e) {}
      try { window.__xss_report__(String(n), String(location.href)); } catch (e) {}
    },
  });
})();
"""

BODY_SCAN = """
(allowed) => {
  const body = document.querySelector(".story__body");
  const problems = [];
  for (const el of body.querySelectorAll("*")) {
    const tag = el.localName;
    if (el.namespaceURI !== "http://www.w3.org/1999/xhtml" || !allowed.tags.includes(tag)) {
      problems.push(`element <${tag}> (${el.namespaceURI})`);
    }
    const attributes = (allowed.attributes[tag] || []).concat(allowed.generic);
    for (const attr of el.attributes) {
      if (!attributes.includes(attr.name) && !(tag === "a" && attr.name === "rel")) {
        problems.push(`<${tag} ${attr.name}=${JSON.stringify(attr.value)}>`);
      }
    }
    for (const name of ["href", "src"]) {
      if (!el.hasAttribute(name)) continue;
      let protocol = null;
      try { protocol = new URL(el.getAttribute(name), document.baseURI).protocol; } catch (e) {}
      if (protocol !== null && !["http:", "https:", "mailto:"].includes(protocol)) {
        problems.push(`<${tag} ${name}=${JSON.stringify(el.getAttribute(name))}> (${protocol})`);
      }
    }
  }
  const markers = [...body.querySelectorAll("p")]
    .map((p) => p.textContent.trim())
    .filter((text) => /^\\[\\[v\\d+\\]\\]$/.test(text));
  return { problems, markers };
}
"""


def log_in(page, live_server, username: str):
    page.goto(f"{live_server.url}/admin/login/?next={ADD_URL}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}{ADD_URL}")


def batches() -> list[list[int]]:
    """The vectors a browser can post, about a dozen an article.

    A vector that leaves the parser somewhere the reset cannot reach (deep inside MathML or
    SVG, or in <plaintext>) would hide the vectors after it, so each such one ends a batch.
    The sanitizer is asked only to choose that order; the page is what gets judged.
    """
    postable = [i for i, vector in enumerate(VECTORS) if "\x00" not in vector]
    probe = "<p>[[probe]]</p>"
    enders = [i for i in postable if probe not in sanitize_body(batch_body([i]) + probe)]
    others = [i for i in postable if i not in enders]
    size = BATCH_SIZE - 1
    chunks = [others[i : i + size] for i in range(0, len(others), size)]
    for chunk, ender in zip(chunks, enders, strict=False):
        chunk.append(ender)
    chunks += [[ender] for ender in enders[len(chunks) :]]
    return chunks


def batch_body(indices: list[int]) -> str:
    return "".join(f"<p>[[v{i}]]</p>\n{VECTORS[i]}{RESET}\n" for i in indices)


def post_article(page, live_server, token: str, headline: str, body: str):
    form = article_form(headline=headline, body=body, status="published")
    form.update({"csrfmiddlewaretoken": token, "_save": "Save"})
    return page.request.post(
        live_server.url + ADD_URL,
        form=form,
        headers={"Origin": live_server.url, "Referer": live_server.url + ADD_URL},
        max_redirects=0,
    )


def fired_in_frames(page) -> list[str]:
    fired = []
    for frame in page.frames:
        try:
            fired += frame.evaluate("() => (window.__fired__ || []).slice()")
        except Exception as error:  # a frame that went away or never got the hook
            fired.append(f"(frame {frame.url!r} unreadable: {error})")
    return fired


def wait_for_fired(page, reported: list, index: int, timeout_ms: int = 3000) -> bool:
    for _ in range(timeout_ms // 100):
        if str(index) in [n for n, _ in reported] and str(index) in fired_in_frames(page):
            return True
        page.wait_for_timeout(100)
    return False


@pytest.fixture
def reader_without_csp(browser):
    """A reader's page in a fresh context (own cookies) whose browser ignores the site's CSP."""
    context = browser.new_context(
        locale="ru-RU", viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def test_hostile_bodies_saved_in_the_admin_run_nothing_for_readers(
    live_server, new_page, reader_without_csp, django_user_model
):
    django_user_model.objects.create_superuser("xss-editor", "xss@example.kz", PASSWORD)

    # The desk: log in through the login form, then post through the real add form.
    editor = new_page(locale="en-US")
    log_in(editor, live_server, "xss-editor")
    token = editor.input_value("input[name=csrfmiddlewaretoken]")

    chunks = batches()
    nul_vectors = [i for i, vector in enumerate(VECTORS) if "\x00" in vector]
    assert sorted(sum(chunks, nul_vectors)) == list(range(len(VECTORS)))  # each one, once

    stored: list[tuple[str, list[int]]] = []  # (headline, vector indices)
    for number, indices in enumerate(chunks, start=1):
        headline = f"Проверка фильтра XSS, партия {number:02d}"
        response = post_article(editor, live_server, token, headline, batch_body(indices))
        assert response.status == 302, (headline, response.status, response.text()[:2000])
        assert response.headers["location"].startswith(CHANGELIST_URL), response.headers
        stored.append((headline, indices))

    legitimate_headline = "Центр «Центральная Азия»: обычная статья"
    response = post_article(editor, live_server, token, legitimate_headline, LEGITIMATE)
    assert response.status == 302, response.text()[:2000]
    assert response.headers["location"].startswith(CHANGELIST_URL)

    # A NUL character cannot reach the database through the form at all: Django refuses it.
    if nul_vectors:
        response = post_article(editor, live_server, token, "Партия с NUL", batch_body(nul_vectors))
        assert response.status == 200, response.status
        assert "errorlist" in response.text()
        assert not Article.objects.filter(headline="Партия с NUL").exists()

    urls = {}
    for headline, _ in [*stored, (legitimate_headline, [])]:
        article = Article.objects.get(headline=headline)
        assert article.is_live, headline
        urls[headline] = live_server.url + article.get_absolute_url()

    # The reader: anonymous, a new context, with the hook in every document and frame.
    reader = reader_without_csp
    context = reader.context
    reported: list[tuple[str, str]] = []
    dialogs: list[str] = []
    console: list[str] = []
    popups: list[str] = []
    context.expose_function("__xss_report__", lambda n, where: reported.append((n, where)))
    context.add_init_script(HOOK)
    context.on("page", lambda page: popups.append(page.url))
    # Nothing leaves the test: other hosts are refused rather than looked up.
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(live_server.url)
            else route.abort("blockedbyclient")
        ),
    )

    def on_dialog(dialog):
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    reader.on("dialog", on_dialog)
    reader.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    reader.on("pageerror", lambda error: console.append(f"pageerror: {error}"))

    # Self-check: unsanitized, these vectors do fire, so silence below means something.
    assert reader.goto(urls[legitimate_headline]).status == 200
    raw = [
        VECTORS.index("<script>__xss__(0)</script>"),
        next(i for i, v in enumerate(VECTORS) if v == f"<img src=x onerror=__xss__({i})>"),
        next(i for i, v in enumerate(VECTORS) if v.startswith('<iframe srcdoc="<script>')),
    ]
    for index in raw:
        reader.set_content(f"<!doctype html><p>raw</p>{VECTORS[index]}")
        assert wait_for_fired(reader, reported, index), (
            f"the detector missed raw vector {index} {VECTORS[index]!r}: {reported} {console}"
        )
    reported.clear()
    console.clear()

    allowed = {
        "tags": sorted(ALLOWED_TAGS),
        "attributes": {tag: sorted(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        "generic": ["lang", "title"],  # nh3 keeps these on every tag by default
    }
    failures = []
    for headline, indices in stored:
        url = urls[headline]
        response = reader.goto(url, wait_until="load")
        assert response.status == 200, (url, response.status)
        reader.wait_for_timeout(SETTLE_MS)
        fired = fired_in_frames(reader)
        scan = reader.evaluate(BODY_SCAN, allowed)
        missing = [i for i in indices if f"[[v{i}]]" not in scan["markers"]]
        trouble = {
            "fired (hook)": fired,
            "fired (binding)": reported[:],
            "dialogs": dialogs[:],
            "popups": popups[:],
            "navigated to": reader.url if reader.url != url else None,
            "markup outside the allow-list": scan["problems"],
            "vectors swallowed by a neighbour": missing,
        }
        trouble = {key: value for key, value in trouble.items() if value}
        if trouble:
            body = Article.objects.get(headline=headline).body
            failures.append(
                f"{headline} ({url}), vectors {indices}:\n"
                f"{json.dumps(trouble, ensure_ascii=False, indent=2)}\n"
                f"console: {console}\nstored body:\n{body}"
            )
        reported.clear()
        dialogs.clear()
        popups.clear()
        console.clear()
    assert not failures, "\n\n".join(failures)

    # The legitimate piece keeps its markup and typography.
    assert reader.goto(urls[legitimate_headline]).status == 200
    reader.wait_for_timeout(SETTLE_MS)
    assert fired_in_frames(reader) == []
    assert not reported
    assert not dialogs
    body = reader.locator(".story__body")
    link = body.locator('a[href^="https://"]')
    assert link.get_attribute("href") == "https://kazinform.example/news/centr-ca"
    assert link.inner_text() == "сайте агентства"
    assert body.locator('a[href="mailto:desk@newsroom.example"]').count() == 1
    image = body.locator("figure img")
    assert image.get_attribute("alt") == "Пограничный пункт «Атамекен» на рассвете"
    assert image.get_attribute("width") == "640"
    assert image.get_attribute("height") == "360"
    assert body.locator("figure figcaption").inner_text().startswith("Пункт пропуска")
    assert body.locator("table thead th").all_inner_texts() == ["Год", "Оборот"]
    assert body.locator("table tbody td").all_inner_texts() == ["2024", "4,4", "2025", "5,1"]
    assert (
        "«Это шанс для малого бизнеса обеих стран», — сказал министр."
        in body.locator("blockquote").inner_text()
    )
    assert body.locator("h2").inner_text() == "Центр «Центральная Азия»: что он даст казахстанцам"
    assert body.locator("h3").inner_text() == "Что уже известно"
    assert body.locator("h4").inner_text() == "Товарооборот, млрд долларов"
    assert body.locator("ul li").count() == 2
    assert body.locator("ol li").count() == 2
    assert body.locator("strong").inner_text() == "200 гектаров"
    text = body.inner_text()
    assert "«Jibek Joly»" in text
    assert "— Главное — вместе привлекать инвестиции, — считает" in text
    assert reader.evaluate(BODY_SCAN, allowed)["problems"] == []
