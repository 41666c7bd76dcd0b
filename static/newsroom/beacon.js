/* The reading beacon: tells the site, once, that this piece's page was shown to a reader.
 *
 * The page names where to say so (`data-read-url`, written by the server). No cookie, no
 * identifier, no third party: an empty POST to our own address (articles/site/reading.py),
 * sent once the page is visible (a page prerendered or opened in a background tab counts
 * when the reader looks at it). Without JavaScript nothing is counted and nothing breaks.
 */
(function () {
  "use strict";
  var node = document.querySelector("[data-read-url]");
  if (!node) {
    return;
  }
  var url = node.getAttribute("data-read-url");
  var sent = false;

  function send() {
    if (sent || document.visibilityState !== "visible") {
      return;
    }
    sent = true;
    document.removeEventListener("visibilitychange", send);
    if (navigator.sendBeacon && navigator.sendBeacon(url)) {
      return;
    }
    if (window.fetch) {
      window.fetch(url, {method: "POST", keepalive: true, credentials: "omit", mode: "same-origin"})
        .catch(function () {});
    }
  }

  if (document.visibilityState === "visible") {
    send();
  } else {
    document.addEventListener("visibilitychange", send);
  }
}());
