/* Sahel Chronicle: small enhancements of the server-drawn timeline and map.
   Everything works without this file: marks are links with a <title>, zoom has year links and a
   form. With it: a tooltip that also shows on keyboard focus, and zoom by dragging across the
   chart (Escape cancels). No dependencies, no build step. */
(function () {
  "use strict";

  var SVG_NS = "http://www.w3.org/2000/svg";
  var DAY_MS = 86400000;

  function tooltips(container) {
    var tip = document.createElement("div");
    tip.className = "chart-tip";
    tip.setAttribute("aria-hidden", "true");
    tip.hidden = true;
    container.appendChild(tip);
    // A link's <title> names it; the tooltip below replaces the browser's own (which would show
    // the same words twice), so the name moves to aria-label.
    container.querySelectorAll("svg a").forEach(function (link) {
      var title = link.querySelector(":scope > title");
      if (!title) { return; }
      link.setAttribute("aria-label", title.textContent);
      link.removeChild(title);
    });
    function show(link) {
      tip.textContent = link.getAttribute("aria-label");
      tip.hidden = false;
      var box = link.getBoundingClientRect();
      var outer = container.getBoundingClientRect();
      var left = box.left - outer.left + container.scrollLeft + box.width / 2;
      var top = box.top - outer.top + container.scrollTop;
      tip.style.left = Math.max(4, Math.min(left - tip.offsetWidth / 2,
        container.scrollWidth - tip.offsetWidth - 4)) + "px";
      tip.style.top = Math.max(0, top - tip.offsetHeight - 6) + "px";
    }
    function hide() { tip.hidden = true; }
    container.addEventListener("focusin", function (e) {
      var link = e.target.closest && e.target.closest("a[aria-label]");
      if (link) { show(link); }
    });
    container.addEventListener("focusout", hide);
    container.addEventListener("mouseover", function (e) {
      var link = e.target.closest && e.target.closest("a[aria-label]");
      if (link) { show(link); } else { hide(); }
    });
    container.addEventListener("mouseleave", hide);
  }

  function isoDay(ms) {
    return new Date(ms).toISOString().slice(0, 10);
  }

  function dragZoom(svg) {
    var start = Date.parse(svg.dataset.start + "T00:00:00Z");
    var days = Number(svg.dataset.days);
    var plotX = Number(svg.dataset.plotX);
    var plotWidth = Number(svg.dataset.plotWidth);
    var top = Number(svg.dataset.top);
    var bottom = Number(svg.dataset.bottom);
    if (!days || !plotWidth) { return; }
    var selection = null;
    var origin = null;
    var dragged = false;

    function toX(event) {
      var point = svg.createSVGPoint();
      point.x = event.clientX;
      point.y = event.clientY;
      var local = point.matrixTransform(svg.getScreenCTM().inverse());
      return Math.max(plotX, Math.min(plotX + plotWidth, local.x));
    }
    function dayAt(x) {
      return start + Math.floor((x - plotX) / plotWidth * days) * DAY_MS;
    }
    function cancel() {
      if (selection) { selection.remove(); }
      selection = null;
      origin = null;
    }
    svg.addEventListener("pointerdown", function (event) {
      if (event.button !== 0) { return; }
      origin = toX(event);
      dragged = false;
    });
    svg.addEventListener("pointermove", function (event) {
      if (origin === null) { return; }
      var x = toX(event);
      if (!dragged && Math.abs(x - origin) < 6) { return; }
      if (!dragged) {
        dragged = true;
        svg.setPointerCapture(event.pointerId);
        selection = document.createElementNS(SVG_NS, "rect");
        selection.setAttribute("class", "zoom-selection");
        selection.setAttribute("y", top);
        selection.setAttribute("height", Math.max(bottom - top, 1));
        svg.appendChild(selection);
      }
      selection.setAttribute("x", Math.min(origin, x));
      selection.setAttribute("width", Math.abs(x - origin));
    });
    svg.addEventListener("pointerup", function (event) {
      if (origin === null) { return; }
      var x = toX(event);
      var from = Math.min(origin, x);
      var to = Math.max(origin, x);
      var wasDrag = dragged;
      cancel();
      if (!wasDrag) { return; }
      var url = new URL(window.location.href);
      url.searchParams.delete("cursor");
      url.searchParams.set("start", isoDay(dayAt(from)));
      url.searchParams.set("end", isoDay(Math.max(dayAt(to) - DAY_MS, dayAt(from))));
      window.location.assign(url.toString());
    });
    svg.addEventListener("pointercancel", cancel);
    // A drag that ends on a mark must not also open it.
    svg.addEventListener("click", function (event) {
      if (dragged) { event.preventDefault(); dragged = false; }
    }, true);
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && origin !== null) { cancel(); dragged = false; }
    });
  }

  // On a narrow screen the filters fold away (one tap opens them), unless one needs fixing.
  if (window.matchMedia("(max-width: 60rem)").matches) {
    document.querySelectorAll("details.filter-panel").forEach(function (panel) {
      if (!panel.querySelector('[aria-invalid="true"]')) { panel.open = false; }
    });
  }
  document.querySelectorAll(".chart-scroll, .map-frame").forEach(tooltips);
  document.querySelectorAll("svg.chart[data-days]").forEach(dragZoom);
})();
