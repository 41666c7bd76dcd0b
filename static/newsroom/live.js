/* A live page's new updates without reloading (progressive enhancement: without this
 * script the page is an ordinary page, and a reload shows everything).
 *
 * Every data-live-seconds seconds, while the tab is visible, it asks the page's endpoint
 * for the updates newer than the newest it has (?after=<id>), with If-None-Match: the
 * answer is a 304 from the page cache while nothing changed. New updates are not pushed
 * into the text being read: a polite live region says how many there are, on a button
 * that shows them (and moves focus to the first). Edited updates are replaced where they
 * stand, deleted ones removed. It stops when coverage has ended.
 */
(function () {
  "use strict";
  var section = document.querySelector("[data-live-endpoint][data-live-open]");
  if (!section || !window.fetch || !window.DOMParser) {
    return;
  }
  var endpoint = section.getAttribute("data-live-endpoint");
  var after = section.getAttribute("data-live-after") || "0";
  var seconds = Math.max(1, parseInt(section.getAttribute("data-live-seconds"), 10) || 20);
  var status = section.querySelector("[data-live-status]");
  var stream = section.querySelector("[data-live-stream]");
  var pinned = section.querySelector("[data-live-pinned]");
  var words = {
    fresh: section.getAttribute("data-live-new") || "New updates: %(count)s",
    ended: section.getAttribute("data-live-ended") || "Coverage ended."
  };
  var etag = null;
  var pending = [];
  var timer = null;
  var stopped = false;
  var button = null;
  var asking = false;

  function byId(id) {
    return document.getElementById("update-" + id);
  }

  // Tells the page's other scripts (embeds.js) that an update came in, so they can set it up.
  // (Not "announce": that name is the button's below, and a second function declaration of
  // one name silently replaces the first in the whole scope.)
  function setUp(update) {
    update.dispatchEvent(new CustomEvent("newsroom:updated", { bubbles: true }));
  }

  function place(update) {
    var into = update.hasAttribute("data-pinned") && pinned ? pinned : stream;
    into.insertBefore(update, into.firstElementChild);
    setUp(update);
  }

  function showPending() {
    var first = null;
    pending.reverse().forEach(function (update) {
      if (!byId(update.getAttribute("data-update"))) {
        place(update);
      }
      first = update;
    });
    pending = [];
    if (button) {
      button.remove();
      button = null;
    }
    if (first) {
      first.setAttribute("tabindex", "-1");
      first.focus();
    }
  }

  function announce() {
    if (!pending.length) {
      return;
    }
    if (!button) {
      button = document.createElement("button");
      button.type = "button";
      button.className = "live__more";
      button.addEventListener("click", showPending);
      status.appendChild(button);
    }
    button.textContent = words.fresh.replace("%(count)s", String(pending.length));
  }

  function merge(answer) {
    var box = new DOMParser().parseFromString(answer, "text/html").querySelector(".live-poll");
    if (!box) {
      return;
    }
    var kept = (box.getAttribute("data-live-kept") || "").split(" ").filter(Boolean);
    var oldest = kept.length ? Math.min.apply(null, kept.map(Number)) : Infinity;
    section.querySelectorAll("[data-update]").forEach(function (shown) {
      var id = shown.getAttribute("data-update");
      if (Number(id) > oldest && kept.indexOf(id) < 0) {
        shown.remove(); // deleted since
      }
    });
    Array.prototype.slice.call(box.querySelectorAll("[data-update]")).forEach(function (update) {
      var update_ = document.importNode(update, true);
      var id = update_.getAttribute("data-update");
      var shown = byId(id);
      if (shown) {
        if (shown.hasAttribute("data-pinned") !== update_.hasAttribute("data-pinned")) {
          shown.remove();
          place(update_);
        } else {
          shown.replaceWith(update_); // edited or corrected: where it stands
          setUp(update_);
        }
      } else if (Number(id) > Number(after)) {
        pending = pending.filter(function (p) { return p.getAttribute("data-update") !== id; });
        pending.push(update_);
      }
    });
    pending.sort(function (a, b) {
      return Number(a.getAttribute("data-update")) - Number(b.getAttribute("data-update"));
    });
    var newest = box.getAttribute("data-live-after");
    if (newest && newest !== after) {
      after = newest;
      etag = null; // another address, another answer
    }
    announce();
    if (!box.hasAttribute("data-live-open")) {
      stop();
      var note = document.createElement("p");
      note.textContent = words.ended;
      status.appendChild(note);
    }
  }

  function poll() {
    timer = null;
    if (stopped || asking || document.visibilityState === "hidden") {
      return;
    }
    asking = true;
    var headers = etag ? { "If-None-Match": etag } : {};
    fetch(endpoint + "?after=" + encodeURIComponent(after), {
      cache: "no-store",
      credentials: "same-origin",
      headers: headers
    })
      .then(function (response) {
        if (response.status === 304) {
          return null;
        }
        if (!response.ok) {
          if (response.status === 404) {
            stop(); // withdrawn, or no longer a live page
          }
          return null;
        }
        etag = response.headers.get("ETag");
        return response.text();
      })
      .then(function (answer) {
        if (answer) {
          merge(answer);
        }
      })
      .catch(function () { /* offline for a moment: the next round asks again */ })
      .then(function () {
        asking = false;
        schedule();
      });
  }

  function schedule() {
    if (!stopped && timer === null && document.visibilityState !== "hidden") {
      timer = window.setTimeout(poll, seconds * 1000);
    }
  }

  function stop() {
    stopped = true;
    if (timer !== null) {
      window.clearTimeout(timer);
      timer = null;
    }
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      if (timer !== null) {
        window.clearTimeout(timer);
        timer = null;
      }
    } else if (!stopped && !asking && timer === null) {
      poll(); // back on the tab: ask at once
    }
  });
  schedule();
})();
