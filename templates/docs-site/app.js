// The docs site's page behaviour: the sidebar (from the navigation data put before this script
// in site.js; a menu on narrow screens), client-side search over the prebuilt index
// (search-index.js, loaded on first use) and the theme toggle; graphs.js and fields.js (joined
// after it in site.js) do the rest. No network, no framework; every link is
// relative to this page's way back to the site root.
(function () {
  "use strict";
  var html = document.documentElement;
  var root = html.getAttribute("data-root") || "";
  var page = html.getAttribute("data-page") || "";
  var nav = window.EVENTSMITH_NAV || { events: [], services: [], owners: [] };

  // ---- the controls that work only with this script (menu, search, theme) are added by it:
  // a page read without scripts shows none that do nothing, and no page repeats their markup
  var bar = document.querySelector("header.topbar");
  bar.insertAdjacentHTML("afterbegin", '<button id="nav-toggle" class="nav-toggle" type="button" aria-controls="sidebar" aria-expanded="false">Menu</button>');
  bar.insertAdjacentHTML(
    "beforeend",
    '<div class="search" role="search">' +
      '<input id="search" type="search" placeholder="Search events, fields, services\u2026" aria-label="Search the catalog" aria-controls="search-results" autocomplete="off" spellcheck="false">' +
      '<ol id="search-results" class="search-results" hidden></ol></div>' +
      '<button id="theme-toggle" class="theme-toggle" type="button" aria-label="Switch between light and dark theme" title="Light / dark theme"><span aria-hidden="true">\u25d0</span></button>',
  );

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

  // ---- a table or code block wider than the screen scrolls in place: keyboard users can reach it
  function scrollables() {
    var boxes = document.querySelectorAll("main pre, main table");
    for (var i = 0; i < boxes.length; i++) {
      if (boxes[i].scrollWidth > boxes[i].clientWidth + 1) boxes[i].setAttribute("tabindex", "0");
      else if (boxes[i].getAttribute("tabindex") === "0") boxes[i].removeAttribute("tabindex");
    }
  }
  scrollables();
  window.addEventListener("resize", scrollables);

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
    var index = window.EVENTSMITH_SEARCH || { texts: [], pages: [] };
    var texts = index.texts, kinds = "efsoc"; // SEARCH_KINDS in site-data.ts
    records = [];
    index.pages.forEach(function (page) {
      // after the href and name: four numbers per entry (kind, label, anchor, text)
      for (var i = 2; i < page.length; i += 4) {
        var kind = kinds[page[i]], label = texts[page[i + 1]], anchor = texts[page[i + 2]];
        var context = kind === "f" ? page[1] : "";
        records.push([kind, label, page[0] + (anchor ? "#" + anchor : ""), context, (label + " " + context + " " + texts[page[i + 3]]).toLowerCase()]);
      }
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
