/* Click-to-load embeds. The page shows, for each embed, what it is, what loading it means and
 * the link to the post (articles/site/templatetags/newsroom.py, `embed_placeholders`); nothing
 * is asked of the provider until the reader presses Load. Then the provider's own player or
 * post page (`data-embed-src`, made by the server from the checked id) goes in a sandboxed
 * iframe in the placeholder's place. No provider script is ever loaded, and the page's CSP
 * lets frames come only from the providers of the embeds it shows.
 */
(function () {
  "use strict";

  var PLAYERS = /^https:\/\/(www\.youtube-nocookie\.com|t\.me|platform\.twitter\.com|www\.instagram\.com|vk\.com)\//;
  // Players need their scripts and their own origin's storage, and open links in new windows;
  // they may not navigate this page, submit forms or open dialogs.
  var SANDBOX = "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-presentation";
  var ALLOW = "autoplay; encrypted-media; fullscreen; picture-in-picture";

  function load(figure) {
    var source = figure.getAttribute("data-embed-src") || "";
    var placeholder = figure.querySelector(".embed__placeholder");
    if (!PLAYERS.test(source) || !placeholder) {
      return;
    }
    var kind = figure.querySelector(".embed__kind");
    var frame = document.createElement("iframe");
    frame.src = source;
    frame.title = kind ? kind.textContent : "";
    frame.loading = "lazy";
    frame.setAttribute("sandbox", SANDBOX);
    // "fullscreen" in allow is the whole grant: an allowfullscreen attribute as well only
    // earns a console warning that allow takes precedence.
    frame.setAttribute("allow", ALLOW);
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    var box = document.createElement("div");
    box.className = "embed__frame";
    box.appendChild(frame);
    placeholder.replaceWith(box);
    figure.classList.add("embed--loaded");
    frame.focus();
  }

  // Placeholders show their Load button once this script runs; those a live page's script
  // adds later (static/newsroom/live.js) are shown when it says so ("newsroom:updated").
  function reveal(root) {
    var figures = root.querySelectorAll("figure.embed[data-embed-src]");
    Array.prototype.forEach.call(figures, function (figure) {
      var placeholder = figure.querySelector(".embed__placeholder");
      if (placeholder && figure.querySelector(".embed__load")) {
        placeholder.hidden = false;
      }
    });
  }

  // One listener for the page: buttons added after it loaded work too.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".embed__load");
    var figure = button && button.closest("figure.embed[data-embed-src]");
    if (figure) {
      load(figure);
    }
  });
  document.addEventListener("newsroom:updated", function (event) {
    reveal(event.target);
  });
  reveal(document);
})();
