// The docs site's only behaviour: the sidebar (from the shared nav.js; a menu on narrow screens),
// client-side search over the prebuilt index (search-index.js, loaded on first use), the theme
// toggle, and pan, zoom and focus on the graphs (laid out at build time). No network, no
// framework; every link is relative to this page's way back to the site root.
(function () {
  "use strict";
  var html = document.documentElement;
  var root = html.getAttribute("data-root") || "";
  var page = html.getAttribute("data-page") || "";
  var nav = window.EVENTSMITH_NAV || { events: [], services: [], owners: [] };

  // ---- theme -------------------------------------------------------------------------------
  function currentTheme() {
    var chosen = html.getAttribute("data-theme");
    if (chosen) return chosen;
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  var toggle = document.getElementById("theme-toggle");
  if (toggle) {
    toggle.setAttribute("aria-pressed", String(currentTheme() === "dark"));
    toggle.addEventListener("click", function () {
      var next = currentTheme() === "dark" ? "light" : "dark";
      html.setAttribute("data-theme", next);
      toggle.setAttribute("aria-pressed", String(next === "dark"));
      try {
        localStorage.setItem("eventsmith-theme", next);
      } catch (e) {
        /* not persisted: fine */
      }
    });
  }

  // ---- sidebar -----------------------------------------------------------------------------
  function link(label, href, extraClass) {
    var a = document.createElement("a");
    a.href = root + href;
    a.textContent = label;
    if (extraClass) a.className = extraClass;
    if (href === page) a.setAttribute("aria-current", "page");
    return a;
  }
  function section(title, items, makeClass) {
    var details = document.createElement("details");
    var summary = document.createElement("summary");
    summary.textContent = title + " (" + items.length + ")";
    details.appendChild(summary);
    var list = document.createElement("ul");
    var fragment = document.createDocumentFragment();
    var open = false;
    for (var i = 0; i < items.length; i++) {
      var li = document.createElement("li");
      li.appendChild(link(items[i][0], items[i][1], makeClass ? makeClass(items[i]) : ""));
      if (items[i][1] === page) open = true;
      fragment.appendChild(li);
    }
    list.appendChild(fragment);
    details.appendChild(list);
    details.open = open || (title === "Events" && page.indexOf("events/") === 0);
    return details;
  }
  var sidebar = document.getElementById("sidebar");
  if (sidebar) {
    var home = link("Overview", "index.html", "home");
    sidebar.appendChild(home);
    sidebar.appendChild(link("Graph", "graph.html", "home"));
    if (nav.changelog) sidebar.appendChild(link("Changelog", "changelog.html", "home"));
    sidebar.appendChild(section("Events", nav.events, function (item) { return item[2] ? "deprecated" : ""; }));
    sidebar.appendChild(section("Services", nav.services));
    if (nav.schemas && nav.schemas.length) sidebar.appendChild(section("Schemas", nav.schemas));
    if (nav.owners.length) sidebar.appendChild(section("Owners", nav.owners));
    var current = sidebar.querySelector('[aria-current="page"]');
    if (current && current.scrollIntoView && window.matchMedia("(min-width: 861px)").matches) current.scrollIntoView({ block: "center" });
  }
  var navToggle = document.getElementById("nav-toggle");
  if (navToggle && sidebar) {
    navToggle.addEventListener("click", function () {
      var open = sidebar.parentNode.classList.toggle("nav-open");
      navToggle.setAttribute("aria-expanded", String(open));
      if (open) {
        var first = sidebar.querySelector("a");
        if (first) first.focus();
      }
    });
    sidebar.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && sidebar.parentNode.classList.contains("nav-open")) {
        sidebar.parentNode.classList.remove("nav-open");
        navToggle.setAttribute("aria-expanded", "false");
        navToggle.focus();
      }
    });
  }

  // ---- graphs: focus lights up a node's links; zoomable ones pan (drag) and zoom (wheel, buttons)
  var graphs = document.querySelectorAll("svg.graph");
  for (var g = 0; g < graphs.length; g++) focusable(graphs[g]);
  function focusable(svg) {
    function light(id) {
      var lit = svg.querySelectorAll(".lit");
      for (var i = 0; i < lit.length; i++) lit[i].classList.remove("lit");
      svg.classList.toggle("focused", id !== null);
      if (id === null) return;
      var edges = svg.querySelectorAll(".edge");
      for (var j = 0; j < edges.length; j++) {
        var from = edges[j].getAttribute("data-from"), to = edges[j].getAttribute("data-to");
        if (from !== id && to !== id) continue;
        edges[j].classList.add("lit");
        var other = svg.querySelector('[data-id="' + (from === id ? to : from).replace(/["\\]/g, "\\$&") + '"]');
        if (other) other.classList.add("lit");
      }
      var self = svg.querySelector('[data-id="' + id.replace(/["\\]/g, "\\$&") + '"]');
      if (self) self.classList.add("lit");
    }
    svg.addEventListener("focusin", function (e) { var a = e.target.closest("[data-id]"); light(a ? a.getAttribute("data-id") : null); });
    svg.addEventListener("focusout", function () { light(null); });
    svg.addEventListener("mouseover", function (e) { var a = e.target.closest("[data-id]"); if (a) light(a.getAttribute("data-id")); });
    svg.addEventListener("mouseleave", function () { light(null); });
  }
  var zoomables = document.querySelectorAll(".zoomable");
  for (var z = 0; z < zoomables.length; z++) zoomable(zoomables[z]);
  function zoomable(box) {
    var svg = box.querySelector("svg");
    if (!svg) return;
    var full = svg.getAttribute("viewBox").split(" ").map(Number);
    var view = full.slice();
    var width = full[2], height = full[3];
    function apply() {
      svg.setAttribute("viewBox", view.join(" "));
      var scale = full[2] / view[2];
      svg.setAttribute("width", String(Math.round(width * scale)));
      svg.setAttribute("height", String(Math.round(height * scale)));
      box.setAttribute("data-zoom", scale.toFixed(2));
    }
    function zoom(factor) {
      var w = Math.min(full[2] * 4, Math.max(full[2] / 8, view[2] / factor));
      var h = (w / full[2]) * full[3];
      view = [view[0] + (view[2] - w) / 2, view[1] + (view[3] - h) / 2, w, h];
      apply();
    }
    var bar = document.createElement("div");
    bar.className = "zoom-controls";
    [["+", "Zoom in", function () { zoom(1.25); }], ["\u2212", "Zoom out", function () { zoom(0.8); }], ["Reset", "Reset zoom", function () { view = full.slice(); apply(); }]].forEach(function (b) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = b[0];
      button.setAttribute("aria-label", b[1]);
      button.addEventListener("click", b[2]);
      bar.appendChild(button);
    });
    box.insertBefore(bar, box.firstChild);
    box.addEventListener("wheel", function (e) {
      if (!e.ctrlKey && !e.metaKey) return; // plain wheel scrolls the box
      e.preventDefault();
      zoom(e.deltaY < 0 ? 1.15 : 1 / 1.15);
    }, { passive: false });
    var drag = null;
    box.addEventListener("pointerdown", function (e) {
      if (e.target.closest("a, button")) return;
      drag = { x: e.clientX, y: e.clientY, left: box.scrollLeft, top: box.scrollTop };
      box.setPointerCapture(e.pointerId);
    });
    box.addEventListener("pointermove", function (e) {
      if (!drag) return;
      box.scrollLeft = drag.left - (e.clientX - drag.x);
      box.scrollTop = drag.top - (e.clientY - drag.y);
    });
    box.addEventListener("pointerup", function () { drag = null; });
    box.addEventListener("keydown", function (e) {
      if (e.target !== box) return;
      if (e.key === "+" || e.key === "=") zoom(1.25);
      else if (e.key === "-") zoom(0.8);
      else if (e.key === "0") { view = full.slice(); apply(); }
    });
  }

  // ---- field anchors: every row of a field table has an id; a self-link appears on hover ----
  var rows = document.querySelectorAll("table.fields tr[id]");
  for (var r = 0; r < rows.length; r++) {
    var self = document.createElement("a");
    self.className = "anchor";
    self.href = "#" + rows[r].id;
    self.textContent = "#";
    self.setAttribute("aria-label", "Link to this field");
    rows[r].cells[0].insertBefore(self, rows[r].cells[0].firstChild);
  }

  // ---- field tables as a tree: a field with nested fields folds them (button, keyboard) ----
  var tables = document.querySelectorAll("table.fields");
  for (var t = 0; t < tables.length; t++) foldable(tables[t]);
  function depthOf(row) {
    var m = /(?:^| )d(\d)(?: |$)/.exec(row.className);
    return m ? Number(m[1]) : 1;
  }
  function foldable(table) {
    var list = table.tBodies[0] ? table.tBodies[0].rows : [];
    for (var i = 0; i < list.length - 1; i++) {
      var row = list[i], depth = depthOf(row);
      if (!row.id || /-$/.test(row.id) || depthOf(list[i + 1]) <= depth || row.cells[0].textContent.indexOf("(root)") >= 0) continue;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "fold";
      button.setAttribute("aria-expanded", "true");
      button.setAttribute("aria-label", "Fold the fields inside " + row.cells[0].textContent.replace(/^#/, "").trim());
      button.textContent = "\u25be";
      button.addEventListener("click", toggleFold(list, i, depth, button));
      row.cells[0].insertBefore(button, row.cells[0].firstChild);
    }
  }
  function toggleFold(list, index, depth, button) {
    return function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", String(open));
      button.textContent = open ? "\u25be" : "\u25b8";
      for (var j = index + 1; j < list.length && depthOf(list[j]) > depth; j++) {
        list[j].hidden = !open;
        var inner = list[j].querySelector("button.fold");
        if (open && inner) { inner.setAttribute("aria-expanded", "true"); inner.textContent = "\u25be"; }
      }
    };
  }

  // ---- versions: the field-level diff between any two versions, with the compat verdict ----
  var diffs = document.querySelectorAll(".version-diff");
  for (var v = 0; v < diffs.length; v++) versionDiff(diffs[v]);
  function versionDiff(box) {
    var data = JSON.parse(box.querySelector("script.versions-data").textContent);
    var from = box.querySelector("select.diff-from"), to = box.querySelector("select.diff-to");
    var out = box.querySelector(".diff-result");
    function find(commit) {
      for (var i = 0; i < data.versions.length; i++) if (data.versions[i].commit === commit) return i;
      return -1;
    }
    function verdictOf(older, newer) {
      if (newer + 1 === older) return data.versions[newer]; // adjacent: the newer version's own verdict
      for (var i = 0; i < data.pairs.length; i++) {
        var p = data.pairs[i];
        if (p.from === data.versions[older].commit && p.to === data.versions[newer].commit) return p;
      }
      return { verdict: "not checked", findings: [] };
    }
    function el(tag, text, className) {
      var node = document.createElement(tag);
      if (text !== undefined) node.textContent = text;
      if (className) node.className = className;
      return node;
    }
    function render() {
      out.innerHTML = "";
      var a = find(from.value), b = find(to.value);
      if (a === b) { out.appendChild(el("p", "Pick two different versions.")); return; }
      var older = Math.max(a, b), newer = Math.min(a, b); // newest first in the list
      var before = {}, after = {};
      data.versions[older].fields.forEach(function (f) { before[f[0]] = f; });
      data.versions[newer].fields.forEach(function (f) { after[f[0]] = f; });
      var result = verdictOf(older, newer);
      var head = el("p");
      head.appendChild(document.createTextNode(data.versions[older].version + " \u2192 " + data.versions[newer].version + ": "));
      head.appendChild(el("strong", result.verdict, "badge verdict-" + result.verdict.replace(/ /g, "-")));
      out.appendChild(head);
      var table = el("table", undefined, "field-diff");
      var thead = el("thead"), hr = el("tr");
      ["Field", "Change", "Before", "After"].forEach(function (h) { hr.appendChild(el("th", h)); });
      thead.appendChild(hr);
      table.appendChild(thead);
      var body = el("tbody");
      var paths = Object.keys(before).concat(Object.keys(after).filter(function (p) { return !(p in before); })).filter(function (p) { return p !== ""; });
      var describe = function (f) { return f ? f[1] + (f[2] ? ", required" : "") + (f[3] ? " \u00b7 " + f[3] : "") : "\u2014"; };
      var changed = 0;
      paths.forEach(function (path) {
        var x = before[path], y = after[path];
        var kind = !x ? "added" : !y ? "removed" : describe(x) !== describe(y) ? "changed" : "";
        if (!kind) return;
        changed++;
        var row = el("tr", undefined, "diff-" + kind);
        row.appendChild(el("td")).appendChild(el("code", path));
        row.appendChild(el("td", kind));
        row.appendChild(el("td", describe(x)));
        row.appendChild(el("td", describe(y)));
        body.appendChild(row);
      });
      table.appendChild(body);
      out.appendChild(changed ? table : el("p", "No field changed (the change is elsewhere: description, examples, settings)."));
      if (result.findings && result.findings.length) {
        var list = el("ul");
        result.findings.forEach(function (f) { list.appendChild(el("li", f.rule + " (" + f.direction + ") at " + f.pointer + ": " + f.message)); });
        out.appendChild(list);
      }
    }
    from.addEventListener("change", render);
    to.addEventListener("change", render);
    render();
  }

  // ---- search ------------------------------------------------------------------------------
  var input = document.getElementById("search");
  var results = document.getElementById("search-results");
  var KINDS = { e: "event", f: "field", s: "service", o: "owner", c: "schema" };
  var deprecatedPages = {};
  for (var d = 0; d < nav.events.length; d++) if (nav.events[d][2]) deprecatedPages[nav.events[d][1]] = true;
  var MAX_RESULTS = 30;
  var selected = 0;
  var loading = false;
  var shown = [];

  // the index loads once, on first use; whatever asked for it last runs when it arrives
  var pending = null;
  function loadIndex(then) {
    if (window.EVENTSMITH_SEARCH) return then();
    pending = then;
    if (loading) return;
    loading = true;
    var script = document.createElement("script");
    script.src = root + "assets/search-index.js";
    script.onload = function () {
      loading = false;
      var run = pending;
      pending = null;
      if (run) run();
    };
    script.onerror = function () {
      loading = false;
      results.hidden = false;
      results.innerHTML = "";
      var li = document.createElement("li");
      li.className = "empty";
      li.textContent = "The search index (assets/search-index.js) could not be loaded.";
      results.appendChild(li);
    };
    document.head.appendChild(script);
  }

  // the index as flat records, built once: [kind, label, href, context, lower-cased text]
  var records = null;
  function searchRecords() {
    if (records) return records;
    var index = window.EVENTSMITH_SEARCH || { pages: [], texts: [], entries: [] };
    records = index.entries.map(function (e) {
      var page = index.pages[e[2]];
      var href = page[0] + (e[3] ? "#" + e[3] : "");
      var context = e[0] === "f" ? page[1] : "";
      return [e[0], e[1], href, context, (e[1] + " " + context + " " + index.texts[e[4]]).toLowerCase()];
    });
    return records;
  }

  // exact label, then label prefix, then label contains, then only the description matches
  function score(entry, query, terms) {
    var label = entry[1].toLowerCase();
    var last = label.slice(label.lastIndexOf(".") + 1).replace(/\[\]$/, "");
    for (var i = 0; i < terms.length; i++) if (entry[4].indexOf(terms[i]) < 0) return -1;
    var kindBonus = entry[0] === "e" ? 3 : entry[0] === "f" ? 2 : 1;
    if (label === query || last === query) return 400 + kindBonus;
    if (label.indexOf(query) === 0 || last.indexOf(query) === 0) return 300 + kindBonus;
    if (label.indexOf(query) >= 0) return 200 + kindBonus;
    return 100 + kindBonus;
  }

  function search() {
    var query = input.value.trim().toLowerCase();
    results.innerHTML = "";
    shown = [];
    selected = 0;
    if (query === "") {
      results.hidden = true;
      return;
    }
    var terms = query.split(/\s+/);
    var index = searchRecords();
    var hits = [];
    for (var i = 0; i < index.length; i++) {
      var s = score(index[i], query, terms);
      if (s >= 0) hits.push([s, i]);
    }
    hits.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
    shown = hits.slice(0, MAX_RESULTS).map(function (hit) { return index[hit[1]]; });
    if (shown.length === 0) {
      var none = document.createElement("li");
      none.className = "empty";
      none.textContent = "No match for \u201c" + input.value.trim() + "\u201d";
      results.appendChild(none);
    }
    for (var j = 0; j < shown.length; j++) {
      var entry = shown[j];
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      var a = document.createElement("a");
      a.href = root + entry[2];
      var kind = document.createElement("span");
      kind.className = "kind kind-" + KINDS[entry[0]];
      kind.textContent = KINDS[entry[0]];
      var label = document.createElement("span");
      label.className = "label";
      label.textContent = entry[1];
      a.appendChild(kind);
      a.appendChild(label);
      if (entry[0] === "e" && deprecatedPages[entry[2]]) {
        var badge = document.createElement("span");
        badge.className = "badge deprecated";
        badge.textContent = "deprecated";
        a.appendChild(badge);
      }
      if (entry[3]) {
        var context = document.createElement("span");
        context.className = "context";
        context.textContent = entry[3];
        a.appendChild(context);
      }
      li.appendChild(a);
      results.appendChild(li);
    }
    if (hits.length > MAX_RESULTS) {
      var more = document.createElement("li");
      more.className = "empty";
      more.textContent = hits.length - MAX_RESULTS + " more: refine the search";
      results.appendChild(more);
    }
    highlight();
    results.hidden = false;
  }

  function highlight() {
    var items = results.querySelectorAll("li[role=option]");
    for (var i = 0; i < items.length; i++) items[i].classList.toggle("selected", i === selected);
  }

  if (input && results) {
    input.addEventListener("focus", function () { loadIndex(function () {}); });
    input.addEventListener("input", function () { loadIndex(search); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (shown.length === 0) return;
        selected = (selected + (event.key === "ArrowDown" ? 1 : shown.length - 1)) % shown.length;
        highlight();
      } else if (event.key === "Enter") {
        event.preventDefault();
        loadIndex(function () {
          if (shown.length === 0) search();
          if (shown[selected]) window.location.href = root + shown[selected][2];
        });
      } else if (event.key === "Escape") {
        input.value = "";
        search();
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "/" && document.activeElement !== input) {
        event.preventDefault();
        input.focus();
      }
    });
  }
})();
