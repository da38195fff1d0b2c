/* Sahel Chronicle: the document page. A link to a cited passage (#q-12) highlights it even when
   two citations start at the same character (the second one's anchor is an empty span before
   the <mark>), and moves keyboard focus there so reading can continue from the quote. */
(function () {
  "use strict";
  function highlight() {
    document.querySelectorAll(".doc-text mark.targeted").forEach(function (mark) {
      mark.classList.remove("targeted");
    });
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!/^q-\d+$/.test(id)) { return; }
    var target = document.getElementById(id);
    if (!target) { return; }
    var mark = target.tagName === "MARK" ? target : target.nextElementSibling;
    while (mark && mark.tagName !== "MARK") { mark = mark.nextElementSibling; }
    if (!mark) { return; }
    mark.classList.add("targeted");
    var link = mark.querySelector("a");
    if (link) { link.focus({ preventScroll: true }); }
    mark.scrollIntoView({ block: "center" });
  }
  window.addEventListener("hashchange", highlight);
  highlight();
  // The browser's own scroll to the fragment, after load, moves focus back to the document.
  window.addEventListener("load", function () { window.setTimeout(highlight, 0); });
})();
