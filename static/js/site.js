/* Site-wide behaviour every page inherits (loaded by base.html after htmx).

   htmx error convention:
   - 400 and 422 answers carry the form again with its errors (field errors next to the fields,
     a summary at the top): they are swapped into the target like a success.
   - Every other failure (other 4xx, 5xx, network error, timeout) keeps the page as it was and
     shows a visible message with a "Try again" button next to the element that asked.
   - While a request runs, the element gets aria-busy and its submit buttons are disabled and
     say "Working…"; uploads drive any <progress data-upload-progress> inside the form.

   Charts: HH.chart(canvas, config) draws a Chart.js chart, destroying the one the canvas had;
   HH.onLoad(fn) runs fn on page load and again after every htmx swap has settled (settling
   rewrites the attributes of swapped elements, which would blank a chart drawn earlier). */
(function () {
  "use strict";
  var HH = window.HH = window.HH || {};
  var loaders = [];

  HH.onLoad = function (fn) {
    loaders.push(fn);
    if (document.readyState !== "loading") { fn(document); }
  };
  function runLoaders(root) {
    loaders.forEach(function (fn) {
      try { fn(root || document); } catch (err) { if (window.console) { console.error(err); } }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { runLoaders(document); });

  /* The same number forms as the template filters in common/templatetags/ui.py. */
  var MINUS = "\u2212", NBSP = "\u00a0";
  function signed(text) { return text.charAt(0) === "-" ? MINUS + text.slice(1) : text; }
  HH.num = function (v, digits) {
    if (v === null || v === undefined || v === "" || !isFinite(v)) { return "\u2013"; }
    var d = digits || 0;
    return signed(Number(v).toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d }));
  };
  HH.compact = function (v) {
    if (v === null || v === undefined || v === "" || !isFinite(v)) { return "\u2013"; }
    var x = Number(v), steps = [[1e12, "T"], [1e9, "B"], [1e6, "M"], [1e3, "k"]];
    for (var i = 0; i < steps.length; i++) {
      if (Math.abs(x) >= steps[i][0]) {
        var s = x / steps[i][0], d = Math.abs(s) >= 100 ? 0 : (Math.abs(s) >= 10 ? 1 : 2);
        return signed(s.toFixed(d)) + NBSP + steps[i][1];
      }
    }
    return HH.num(x, Math.abs(x) >= 100 || Number.isInteger(x) ? 0 : 2);
  };

  HH.chart = function (canvas, config) {
    if (typeof canvas === "string") { canvas = document.getElementById(canvas); }
    if (!canvas || typeof window.Chart === "undefined") { return null; }
    var old = window.Chart.getChart(canvas);
    if (old) { old.destroy(); }
    return new window.Chart(canvas, config);
  };

  /* A canvas that has nothing to draw says so instead of showing empty axes. */
  HH.noData = function (canvas, text) {
    if (!canvas) { return; }
    var box = canvas.closest(".chart-box") || canvas.parentNode;
    var old = window.Chart && window.Chart.getChart(canvas);
    if (old) { old.destroy(); }
    canvas.hidden = true;
    if (!box.querySelector(".chart-empty")) {
      var p = document.createElement("p");
      p.className = "chart-empty";
      p.textContent = text || "No data yet";
      box.appendChild(p);
    }
    box.classList.add("is-empty");
  };

  function destroyChartsIn(root) {
    if (!root || typeof window.Chart === "undefined") { return; }
    root.querySelectorAll("canvas").forEach(function (c) {
      var chart = window.Chart.getChart(c);
      if (chart) { chart.destroy(); }
    });
  }

  /* ---- htmx error convention ---- */
  var FORM_ERROR = /^(400|422)$/;

  function messageFor(elt) {
    var id = elt.getAttribute("data-hh-error-for");
    if (!id) {
      id = "hh-error-" + Math.random().toString(36).slice(2, 9);
      elt.setAttribute("data-hh-error-for", id);
    }
    return id;
  }

  function clearError(elt) {
    var id = elt.getAttribute && elt.getAttribute("data-hh-error-for");
    var box = id && document.getElementById(id);
    if (box) { box.remove(); }
  }

  function describe(xhr) {
    if (!xhr || xhr.status === 0) {
      return "The server could not be reached. Check your connection.";
    }
    if (xhr.status === 403) { return "You are not allowed to do that (403)."; }
    if (xhr.status === 404) { return "That page or item no longer exists (404)."; }
    if (xhr.status === 405) { return "That action is not available here (405)."; }
    if (xhr.status === 413) { return "The upload is too large (413)."; }
    if (xhr.status === 429) { return "Too many requests; wait a moment (429)."; }
    if (xhr.status >= 500) { return "The server had a problem (" + xhr.status + "). Nothing was changed on this page."; }
    return "The request failed (" + xhr.status + ").";
  }

  function retry(elt, verb, path) {
    clearError(elt);
    if (elt.tagName === "FORM" && elt.requestSubmit) { elt.requestSubmit(); return; }
    var form = elt.closest && elt.closest("form");
    if (form && form.requestSubmit && (verb || "").toLowerCase() !== "get") {
      form.requestSubmit(elt.type === "submit" ? elt : undefined);
      return;
    }
    window.htmx.ajax((verb || "GET").toUpperCase(), path, { source: elt });
  }

  function showError(elt, xhr, verb, path) {
    if (!elt || !elt.isConnected) { return; }
    var id = messageFor(elt);
    var box = document.getElementById(id);
    if (!box) {
      box = document.createElement("div");
      box.id = id;
      box.className = "request-error";
      box.setAttribute("role", "alert");
      var anchor = elt.tagName === "FORM" ? elt.firstElementChild : null;
      if (anchor) { elt.insertBefore(box, anchor); } else { elt.parentNode.insertBefore(box, elt); }
    }
    box.textContent = "";
    var text = document.createElement("span");
    text.textContent = describe(xhr);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-small";
    button.textContent = "Try again";
    button.addEventListener("click", function () { retry(elt, verb, path); });
    box.appendChild(text);
    box.appendChild(button);
  }

  function requester(evt) {
    var elt = evt.detail && evt.detail.elt;
    if (elt && elt.tagName !== "FORM" && elt.form && elt.form.hasAttribute("hx-post")) { return elt.form; }
    return elt;
  }

  function busy(elt, on) {
    if (!elt || !elt.setAttribute) { return; }
    if (on) { elt.setAttribute("aria-busy", "true"); } else { elt.removeAttribute("aria-busy"); }
    var form = elt.tagName === "FORM" ? elt : null;
    if (!form) { return; }
    form.querySelectorAll("button[type=submit], button:not([type])").forEach(function (b) {
      if (on) {
        b.dataset.hhLabel = b.innerHTML;
        b.disabled = true;
        if (!b.getAttribute("aria-label")) { b.textContent = "Working…"; }
      } else if (b.dataset.hhLabel !== undefined) {
        b.innerHTML = b.dataset.hhLabel;
        delete b.dataset.hhLabel;
        b.disabled = false;
      }
    });
    var bar = form.querySelector("progress[data-upload-progress]");
    if (bar) {
      if (on) { bar.hidden = false; bar.removeAttribute("value"); } else { bar.hidden = true; }
    }
  }

  document.addEventListener("htmx:beforeRequest", function (evt) { busy(requester(evt), true); });
  document.addEventListener("htmx:afterRequest", function (evt) { busy(requester(evt), false); });
  document.addEventListener("htmx:xhr:progress", function (evt) {
    var form = requester(evt);
    var bar = form && form.querySelector && form.querySelector("progress[data-upload-progress]");
    if (bar && evt.detail.lengthComputable && evt.detail.total) {
      bar.value = Math.round(evt.detail.loaded / evt.detail.total * 100);
    }
  });

  document.addEventListener("htmx:beforeSwap", function (evt) {
    var xhr = evt.detail.xhr;
    var elt = requester(evt);
    if (xhr && FORM_ERROR.test(String(xhr.status)) && xhr.responseText) {
      evt.detail.shouldSwap = true;
      evt.detail.isError = false;
    }
    if (evt.detail.shouldSwap) {
      clearError(elt);
      destroyChartsIn(evt.detail.target);
    }
  });
  document.addEventListener("htmx:responseError", function (evt) {
    var xhr = evt.detail.xhr;
    if (xhr && FORM_ERROR.test(String(xhr.status)) && xhr.responseText) { return; }
    var cfg = evt.detail.requestConfig || {};
    showError(requester(evt), xhr, cfg.verb, cfg.path);
  });
  function failed(evt) {
    var cfg = evt.detail.requestConfig || {};
    showError(requester(evt), null, cfg.verb, cfg.path);
  }
  document.addEventListener("htmx:sendError", failed);
  document.addEventListener("htmx:timeout", failed);
  document.addEventListener("htmx:afterSettle", function (evt) { runLoaders(evt.detail.target || document); });

  /* A table that scrolls sideways inside its card can be reached and scrolled by keyboard. */
  function scrollRegions() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        if (!wrap.hasAttribute("tabindex")) {
          wrap.setAttribute("tabindex", "0");
          wrap.setAttribute("role", "region");
          var card = wrap.closest("section, .card");
          var heading = card && card.querySelector("h2, h3");
          wrap.setAttribute("aria-label", (heading ? heading.textContent.trim() + ": " : "") + "table, scrolls sideways");
        }
      } else if (wrap.getAttribute("role") === "region") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }
  HH.onLoad(scrollRegions);
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(scrollRegions, 150);
  });

  /* ---- navigation: the menu button under 768 px, current section scrolled into view ---- */
  HH.onLoad(function (root) {
    if (root !== document) { return; }
    var toggle = document.getElementById("nav-toggle");
    var nav = document.getElementById("site-nav");
    if (toggle && nav) {
      toggle.addEventListener("click", function () {
        var open = toggle.getAttribute("aria-expanded") !== "true";
        toggle.setAttribute("aria-expanded", String(open));
        document.body.classList.toggle("nav-open", open);
      });
    }
  });
}());
