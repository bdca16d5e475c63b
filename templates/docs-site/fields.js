// Field tables fold their nested fields; with --history, two versions of an event are compared
// field by field, with the compat verdict between them (data in the page). No network.
(function () {
  "use strict";
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

})();
