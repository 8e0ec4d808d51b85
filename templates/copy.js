// The "Copy" buttons of a brief's citations, added by this script so that a page
// read without scripts shows none. Each copies the text of the citation it follows;
// the words come from the data-copy, data-copied and data-copy-failed attributes of
// the citations' section. No content of the site reaches this file.
(function () {
  "use strict";
  var section = document.querySelector("section.cite[data-copy]");
  if (!section) { return; }
  var status = section.querySelector(".copy-status");
  function say(done) {
    if (status) {
      status.textContent = section.getAttribute(done ? "data-copied" : "data-copy-failed");
    }
  }
  function selectAndCopy(el) {
    var range = document.createRange();
    range.selectNodeContents(el);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    var done = false;
    try { done = document.execCommand("copy"); } catch (e) { done = false; }
    say(done);
  }
  var entries = section.querySelectorAll(".citation-entry");
  Array.prototype.forEach.call(entries, function (entry) {
    var citation = entry.querySelector(".citation");
    var heading = entry.querySelector("h3[id]");
    if (!citation) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy";
    button.textContent = section.getAttribute("data-copy");
    if (heading) { button.setAttribute("aria-describedby", heading.id); }
    button.addEventListener("click", function () {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(citation.textContent).then(function () { say(true); },
          function () { selectAndCopy(citation); });
      } else {
        selectAndCopy(citation);
      }
    });
    citation.insertAdjacentElement("afterend", button);
  });
})();
