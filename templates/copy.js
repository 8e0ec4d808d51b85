// The "Copy" buttons of a brief's citations: shown only when this script runs,
// each copies the text of the element its data-copy attribute names. No content
// of the site reaches this file; it reads the citation's text from the page.
(function () {
  "use strict";
  var status = document.querySelector(".copy-status");
  function say(done) {
    if (status) {
      status.textContent = done ? "Citation copied." : "Select the citation and copy it.";
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
  var buttons = document.querySelectorAll("button.copy[data-copy]");
  Array.prototype.forEach.call(buttons, function (button) {
    var el = document.getElementById(button.getAttribute("data-copy"));
    if (!el) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(el.textContent).then(function () { say(true); },
          function () { selectAndCopy(el); });
      } else {
        selectAndCopy(el);
      }
    });
  });
})();
