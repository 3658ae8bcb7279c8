// Small enhancements; every page works without this file.
// Move focus to the error summary so screen-reader and keyboard users land on it
// (GOV.UK pattern), and make its links focus the field they name.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector(".error-summary");
  if (!summary) return;
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) return;
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) return;
    event.preventDefault();
    field.focus();
    var legend = field.closest("fieldset");
    (legend || field).scrollIntoView();
  });
});

// The main menu on narrow screens is a <details> disclosure and works without this.
// Escape closes it and returns focus to its button, as a menu button is expected to.
document.addEventListener("keydown", function (event) {
  if (event.key !== "Escape") return;
  var menu = document.querySelector(".main-nav__narrow[open]");
  if (!menu || !menu.contains(document.activeElement)) return;
  menu.open = false;
  menu.querySelector("summary").focus();
});
