// Graphs (laid out at build time, inline SVG): focusing or hovering a node lights up its links;
// a zoomable graph pans (drag) and zooms (buttons, ctrl+wheel, + - 0 keys). No network.
(function () {
  "use strict";
  // ---- graphs: focus lights up a node's links; zoomable ones pan (drag) and zoom (wheel, buttons)
  var graphs = document.querySelectorAll("svg.graph");
  for (var g = 0; g < graphs.length; g++) focusable(graphs[g]);
  function focusable(svg) {
    var nodes = svg.querySelectorAll(".nodes > a"), edges = svg.querySelectorAll(".edges > path");
    // `at`: the position of the node to light up among the graph's nodes, or -1 for none
    function light(at) {
      var lit = svg.querySelectorAll(".lit");
      for (var i = 0; i < lit.length; i++) lit[i].classList.remove("lit");
      svg.classList.toggle("focused", at >= 0);
      if (at < 0) return;
      nodes[at].classList.add("lit");
      // an edge names its ends by their positions among the nodes
      for (var j = 0; j < edges.length; j++) {
        var ends = edges[j].getAttribute("data-ends").split(" ").map(Number);
        if (ends[0] !== at && ends[1] !== at) continue;
        edges[j].classList.add("lit");
        nodes[ends[0] === at ? ends[1] : ends[0]].classList.add("lit");
      }
    }
    function nodeAt(target) {
      var a = target.closest(".nodes > a");
      return a ? Array.prototype.indexOf.call(nodes, a) : -1;
    }
    svg.addEventListener("focusin", function (e) { light(nodeAt(e.target)); });
    svg.addEventListener("focusout", function () { light(-1); });
    svg.addEventListener("mouseover", function (e) { var at = nodeAt(e.target); if (at >= 0) light(at); });
    svg.addEventListener("mouseleave", function () { light(-1); });
  }
  var zoomables = document.querySelectorAll(".zoomable");
  for (var z = 0; z < zoomables.length; z++) zoomable(zoomables[z]);
  function zoomable(box) {
    var svg = box.querySelector("svg");
    if (!svg) return;
    // zoom scales the picture (the viewBox stays whole); the box scrolls around it, kept centred
    var width = Number(svg.getAttribute("width")), height = Number(svg.getAttribute("height"));
    var scale = 1;
    function apply(next) {
      var cx = (box.scrollLeft + box.clientWidth / 2) / scale, cy = (box.scrollTop + box.clientHeight / 2) / scale;
      scale = Math.min(4, Math.max(0.125, next));
      svg.setAttribute("width", String(Math.round(width * scale)));
      svg.setAttribute("height", String(Math.round(height * scale)));
      box.scrollLeft = cx * scale - box.clientWidth / 2;
      box.scrollTop = cy * scale - box.clientHeight / 2;
      box.setAttribute("data-zoom", scale.toFixed(2));
    }
    function zoom(factor) { apply(scale * factor); }
    var bar = document.createElement("div");
    bar.className = "zoom-controls";
    [["+", "Zoom in", function () { zoom(1.25); }], ["\u2212", "Zoom out", function () { zoom(0.8); }], ["Reset", "Reset zoom", function () { apply(1); }]].forEach(function (b) {
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
      else if (e.key === "0") apply(1);
    });
  }

})();
