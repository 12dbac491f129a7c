// Up and down arrows for ordered inlines (steps, tips, mistakes, FAQ, images) in the
// exercise admin: moving a row swaps it with its neighbour and renumbers the position boxes
// in the order shown, so saving keeps that order. Without JavaScript the numbers still work.

const ROW = "tr.form-row:not(.empty-form)";

function renumber(tbody) {
  tbody.querySelectorAll(ROW).forEach((row, index) => {
    const input = row.querySelector('input[name$="-position"]');
    if (input) input.value = String(index + 1);
  });
}

function move(row, step) {
  const rows = [...row.parentElement.querySelectorAll(ROW)];
  const target = rows[rows.indexOf(row) + step];
  if (!target) return;
  if (step < 0) target.before(row);
  else target.after(row);
  renumber(row.parentElement);
}

function arrowButton(label, text, onClick) {
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = text;
  button.setAttribute("aria-label", label);
  button.addEventListener("click", onClick);
  return button;
}

function addArrows(row) {
  const cell = row.querySelector("td.field-position");
  if (!cell || cell.querySelector(".order-arrows")) return;
  const arrows = document.createElement("span");
  arrows.className = "order-arrows";
  arrows.append(
    arrowButton("Move up", "↑", () => move(row, -1)),
    arrowButton("Move down", "↓", () => move(row, 1)),
  );
  cell.append(arrows);
}

for (const group of document.querySelectorAll(".ordered-inline")) {
  group.querySelectorAll(ROW).forEach(addArrows);
}

document.addEventListener("formset:added", (event) => {
  const row = event.target;
  if (row.closest && row.closest(".ordered-inline")) addArrows(row);
});
