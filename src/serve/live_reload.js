// gloss live reload: injected by `gloss serve` into the HTML pages it serves, never into
// the built site. It keeps a WebSocket open to the preview server, which sends the current
// build on connect and after every rebuild:
//   {"build": ID, "css_from": ID or null, "error": null or {"title", "diagnostics": [...]}}
// A new build reloads the page; a build that only changed stylesheets since the one this
// page shows swaps them in place; an error shows an overlay over the last good page until
// a rebuild succeeds. When the server goes away it reconnects, and reloads if the server
// that answers has another build. A page whose template failed to render is served with
// its own error (same shape), shown in the overlay until a new build reloads the page.
(function () {
  "use strict";
  var shown = "__GLOSS_BUILD__";
  var pageError = __GLOSS_PAGE_ERROR__;
  var retry = 250;
  var overlay = null;

  function hideError() {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  }

  function showError(error) {
    hideError();
    overlay = document.createElement("div");
    overlay.id = "gloss-error-overlay";
    overlay.setAttribute("role", "alert");
    overlay.style.cssText =
      "position:fixed;inset:0;z-index:2147483647;overflow:auto;box-sizing:border-box;" +
      "margin:0;padding:2rem;background:rgba(24,24,27,.95);color:#fafafa;" +
      "font:15px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;text-align:left";
    var title = document.createElement("h2");
    title.textContent = error.title;
    title.style.cssText = "margin:0 0 .5rem;font:inherit;font-size:1.2rem;color:#fca5a5";
    overlay.appendChild(title);
    var note = document.createElement("p");
    note.textContent =
      error.note ||
      "This page shows the last good build. Fix the file and save: this message goes away by itself.";
    note.style.cssText = "margin:0 0 1rem;color:#d4d4d8";
    overlay.appendChild(note);
    error.diagnostics.forEach(function (d) {
      var pre = document.createElement("pre");
      pre.className = "gloss-diagnostic";
      pre.textContent = d.text;
      pre.style.cssText =
        "white-space:pre-wrap;margin:0 0 1rem;padding:1rem;border-left:4px solid #f87171;background:#27272a";
      overlay.appendChild(pre);
    });
    (document.body || document.documentElement).appendChild(overlay);
  }

  function swapStylesheets() {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin) return;
      url.searchParams.set("gloss-live", String(Date.now()));
      var next = link.cloneNode(false);
      next.href = url.href;
      next.onload = next.onerror = function () {
        link.remove();
      };
      link.after(next);
    });
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + "/__gloss/live");
    socket.onopen = function () {
      retry = 250;
    };
    socket.onmessage = function (event) {
      var state = JSON.parse(event.data);
      if (state.error) showError(state.error);
      else if (pageError) showError(pageError);
      else hideError();
      if (state.build === shown) return;
      if (state.css_from && state.css_from === shown) {
        shown = state.build;
        swapStylesheets();
        return;
      }
      location.reload();
    };
    socket.onclose = function () {
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 2000);
    };
  }

  if (pageError) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", function () {
        if (!overlay) showError(pageError);
      });
    } else {
      showError(pageError);
    }
  }
  connect();
})();
