// Small behaviours for every page, wired through data- attributes (no inline handlers:
// the Content-Security-Policy forbids them).

// Read-only fields holding something to copy (a share link, a new API token) select their
// whole text when focused.
document.addEventListener("focusin", (event) => {
  const field = event.target;
  if (field instanceof HTMLInputElement && field.hasAttribute("data-select-on-focus")) {
    field.select();
  }
});

// Buttons that open the browser's print dialog.
document.addEventListener("click", (event) => {
  if (event.target instanceof Element && event.target.closest("[data-print]")) {
    window.print();
  }
});
