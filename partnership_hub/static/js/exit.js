/* Quick exit, after GOV.UK's "Exit this page" component. The link in the header works without
   JavaScript; with it, a click or three presses of Shift hide the page at once (someone may be
   looking over the resident's shoulder) and replace it in the history, so Back does not return here. */
(function () {
  "use strict";
  var link = document.querySelector("a.exit");
  if (!link) { return; }
  var WINDOW_MS = 5000;
  var presses = [];

  function leave(event) {
    if (event) { event.preventDefault(); }
    document.documentElement.classList.add("exiting");
    window.location.replace(link.href);
  }

  // The header holding this link stays at the top of the screen, so whatever gets focus or is scrolled
  // to must stop below it: the scroll padding follows its height, which grows when its text wraps.
  var header = document.querySelector(".site-header");
  if (header && window.ResizeObserver) {
    new ResizeObserver(function () {
      document.documentElement.style.scrollPaddingBlockStart = header.offsetHeight + 8 + "px";
    }).observe(header);
  }

  link.addEventListener("click", leave);
  document.addEventListener("keydown", function (event) {
    // Any other key starts the count again, so typing capital letters never leaves the page.
    if (event.key !== "Shift") { presses = []; return; }
    if (event.repeat) { return; }
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t < WINDOW_MS; });
    presses.push(now);
    if (presses.length >= 3) { leave(); }
  });
}());
