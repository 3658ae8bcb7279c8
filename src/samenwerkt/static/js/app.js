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

// Copy buttons, where the browser lets a page write to the clipboard: the API
// reference's example addresses and the advice's share link. A box marked data-copy
// (the button's text) and data-copied (what a status line says after) gets a button
// that copies its address; without the script the address is still there to select.
function addCopyButton(box, address, statusClass, namedBy) {
  var button = document.createElement("button");
  button.type = "button";
  button.className = "button button--small";
  button.textContent = box.dataset.copy;
  if (namedBy) {  // several buttons on a page: each named by its address too
    var which = document.createElement("span");
    which.className = "visually-hidden";
    which.textContent = " " + namedBy;
    button.appendChild(which);
  }
  var status = document.createElement("p");
  status.className = statusClass;
  status.setAttribute("role", "status");
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(address).then(function () {
      status.textContent = box.dataset.copied;
    });
  });
  box.appendChild(button);
  box.appendChild(status);
}

document.addEventListener("DOMContentLoaded", function () {
  if (!navigator.clipboard) return;
  document.querySelectorAll(".example-url[data-copy]").forEach(function (box) {
    var address = box.querySelector("code").textContent.trim();
    addCopyButton(box, address, "example-url__status", address);
  });
  document.querySelectorAll(".share-box[data-copy]").forEach(function (box) {
    var link = box.querySelector("a.share-link");
    if (link) addCopyButton(box, link.href, "share-box__status", null);
  });
});

// Printing: parts folded away for the screen (details.print-open) print unfolded, and
// fold again afterwards. Without this script they print folded.
(function () {
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = [].filter.call(document.querySelectorAll("details.print-open"), function (d) {
      return !d.open;
    });
    opened.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
})();
