// “Copy link” buttons (data-copy="<input id>") and read-only fields that select themselves on
// focus (data-select-on-focus). Without JavaScript the buttons stay hidden and the field is
// there to copy by hand.

import { gettext } from "./i18n.js";

const RESET_AFTER_MS = 2500;

for (const field of document.querySelectorAll("input[data-select-on-focus]")) {
  field.addEventListener("focus", () => field.select());
}

function say(button, text) {
  const status = button.parentElement.querySelector(".copy-status");
  if (status) status.textContent = text;
}

for (const button of document.querySelectorAll("button[data-copy]")) {
  const field = document.getElementById(button.dataset.copy);
  if (!field) continue;
  const label = button.textContent;
  let timer = 0;
  button.hidden = false;
  button.addEventListener("click", async () => {
    clearTimeout(timer);
    try {
      await navigator.clipboard.writeText(field.value);
      button.textContent = gettext("Copied");
      button.classList.add("is-done");
      say(button, gettext("Copied to the clipboard."));
    } catch {
      // No clipboard access (an old browser, or permission refused): select it for copying.
      field.focus();
      field.select();
      say(button, gettext("Selected: press Ctrl+C (⌘C on a Mac) to copy it."));
    }
    timer = setTimeout(() => {
      button.textContent = label;
      button.classList.remove("is-done");
      say(button, "");
    }, RESET_AFTER_MS);
  });
}
