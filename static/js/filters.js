// The listing's filter panel is open without JavaScript; on a narrow screen it folds away so
// the results come first.
const panel = document.getElementById("filter-panel");
if (panel && !window.matchMedia("(min-width: 56rem)").matches) {
  panel.open = false;
}
