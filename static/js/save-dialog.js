// “Save to my plan” in a dialog. Links marked data-save-dialog lead to the full save page
// (which works without JavaScript); here they open the same form in a <dialog> instead. The
// form posts in place, and the dialog ends with a confirmation and a link to the plan.
// The server answers requests marked as htmx requests with the dialog's body only.

import { gettext } from "./i18n.js";

const PARTIAL = { "HX-Request": "true" };

let dialog = null;
let opener = null;

function theDialog() {
  if (dialog) return dialog;
  dialog = document.createElement("dialog");
  dialog.className = "save-dialog";
  dialog.setAttribute("aria-labelledby", "save-dialog-title");
  // A click on the backdrop (the dialog itself, outside its inner box) closes it.
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) dialog.close();
  });
  dialog.addEventListener("submit", onSubmit);
  dialog.addEventListener("close", () => {
    dialog.replaceChildren();
    if (opener && opener.isConnected) opener.focus();
  });
  document.body.append(dialog);
  return dialog;
}

async function fetchBody(url, init = {}) {
  const response = await fetch(url, { credentials: "same-origin", ...init, headers: PARTIAL });
  // A redirect here means the session ended (the login page): let the full page handle it.
  if (!response.ok || response.redirected) throw new Error(`save dialog: ${response.status}`);
  return response.text();
}

function show(html) {
  const box = theDialog();
  box.innerHTML = html;
  if (!box.open) box.showModal();
  // The confirmation or the question when there is one, else the form's first field.
  const target = box.querySelector("[data-autofocus]") || box.querySelector(".save-form select");
  if (target) target.focus();
}

function fail(form) {
  let note = form.querySelector(".save-failed");
  if (!note) {
    note = document.createElement("p");
    note.className = "error save-failed";
    note.setAttribute("role", "alert");
    form.prepend(note);
  }
  note.textContent = gettext("That did not go through. Check your connection and try again.");
}

async function onSubmit(event) {
  const form = event.target;
  const submitter = event.submitter;
  // The close and cancel buttons use the dialog's own method and need no help.
  if (form.method === "dialog" || (submitter && submitter.formMethod === "dialog")) return;
  event.preventDefault();
  const data = new FormData(form);
  if (submitter && submitter.name) data.append(submitter.name, submitter.value);
  form.setAttribute("aria-busy", "true");
  try {
    show(await fetchBody(form.action, { method: "POST", body: data }));
  } catch {
    form.removeAttribute("aria-busy");
    fail(form);
  }
}

async function open(link) {
  opener = link;
  link.setAttribute("aria-busy", "true");
  try {
    show(await fetchBody(link.href));
  } catch {
    window.location.assign(link.href); // the full save page works on its own
  } finally {
    link.removeAttribute("aria-busy");
  }
}

document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-save-dialog]");
  if (!link || event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return; // new tab etc.
  if (typeof HTMLDialogElement !== "function") return; // very old browsers: the full page
  event.preventDefault();
  open(link);
});
