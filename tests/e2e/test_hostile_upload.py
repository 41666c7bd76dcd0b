"""A reporter's upload runs nothing when an admin opens it (finding 1 of issue 15).

A reporter posts, through the editor's image upload, an animated GIF with a script appended,
named `x.html`. The script is the real attack: it reports that it ran, then fetches the
admin's form for the reporter's account and posts it back with "superuser" ticked. A
superuser opens the stored file's URL in Chromium: the script must not run, and the reporter
must stay a reporter.

Before that, the test shows the payload works: the same bytes, served as text/html from the
site's origin (as the old media view did), do run and do make the reporter a superuser.
"""

import pytest
from django.contrib.auth.models import Group

from tests.e2e.conftest import PASSWORD, log_in
from tests.factories import polyglot_gif

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RAN = "/__the_uploaded_script_ran__"
OLD_MEDIA = "/media/__as_the_old_media_view_served_it__.html"
PAYLOAD = """<script>
fetch("%(ran)s").catch(() => {});
(async () => {
  const url = "/admin/auth/user/%(id)s/change/";
  const page = await (await fetch(url, {credentials: "same-origin"})).text();
  const form = new DOMParser().parseFromString(page, "text/html").querySelector("#user_form");
  const data = new FormData(form);
  data.set("is_superuser", "on");
  data.set("_save", "Save");
  await fetch(url, {method: "POST", body: data, credentials: "same-origin"});
  fetch("%(ran)s?posted").catch(() => {});
})();
</script>"""


def test_a_superuser_opening_a_reporters_upload_runs_none_of_its_script(
    live_server,
    new_page,
    django_user_model,
    media_served_by_the_site,
    newsroom_groups,
):
    django_user_model.objects.create_superuser("boss", "boss@newsroom.example", PASSWORD)
    reporter = django_user_model.objects.create_user("aigerim", password=PASSWORD, is_staff=True)
    reporter.groups.add(Group.objects.get(name="Reporters"))
    payload = polyglot_gif((PAYLOAD % {"ran": RAN, "id": reporter.pk}).encode())

    # The reporter uploads it through the editor's endpoint, as CKEditor's drag-and-drop does.
    reporter_page = new_page(locale="en-US")
    log_in(reporter_page, live_server, "aigerim", "/admin/")
    reporter_page.wait_for_url(f"{live_server.url}/admin/")
    answer = reporter_page.request.post(
        f"{live_server.url}/ckeditor/upload/?responseType=json",
        multipart={"upload": {"name": "x.html", "mimeType": "text/html", "buffer": payload}},
    )
    assert answer.status == 200, answer.text()
    stored_url = answer.json()["url"]

    # The superuser, in another browser context, with every sign of the script recorded.
    admin = new_page(locale="en-US")
    log_in(admin, live_server, "boss", "/admin/")
    admin.wait_for_url(f"{live_server.url}/admin/")
    ran: list[str] = []
    dialogs: list[str] = []

    def record(route):
        ran.append(route.request.url)
        route.fulfill(status=204)

    admin.route(f"{live_server.url}{RAN}**", record)
    admin.route(
        f"{live_server.url}{OLD_MEDIA}",
        lambda route: route.fulfill(status=200, content_type="text/html", body=payload),
    )
    admin.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    def wait_for_script(timeout_ms: int = 3000) -> None:
        for _ in range(timeout_ms // 100):
            if any(url.endswith("?posted") for url in ran):
                return
            admin.wait_for_timeout(100)

    # Self-check: served as the old media view did, the payload runs and escalates.
    admin.goto(f"{live_server.url}{OLD_MEDIA}")
    wait_for_script()
    reporter.refresh_from_db()
    assert any(url.endswith("?posted") for url in ran), "the payload did not run as a page"
    assert reporter.is_superuser, "the payload ran but did not make the reporter a superuser"
    reporter.is_superuser = False
    reporter.save(update_fields=["is_superuser"])
    ran.clear()

    # The real thing: the stored upload, opened by the superuser.
    response = admin.goto(live_server.url + stored_url)
    wait_for_script(timeout_ms=1500)
    reporter.refresh_from_db()
    assert ran == []
    assert dialogs == []
    assert not reporter.is_superuser
    assert django_user_model.objects.filter(is_superuser=True).count() == 1
    headers = response.all_headers()
    assert response.status == 200
    assert headers["content-type"] == "image/gif"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["content-security-policy"] == "default-src 'none'; sandbox"
    assert stored_url.endswith("/x.gif")
