// The print view's “Print” button. Without JavaScript it stays hidden; the browser's own
// print command does the same.

for (const button of document.querySelectorAll("button[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
