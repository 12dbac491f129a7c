// The player's summary: a form prefilled from what was played (one row per exercise and
// side), saved through the API. A save that cannot reach the server (or that the server
// cannot take just now: 5xx, 503 while its database restarts, 429, signed out) waits in
// IndexedDB (static/js/session-queue.js) and is sent when the connection returns; a refusal
// (400 and other 4xx) shows its errors beside the rows.

import {
  classify,
  forgetSession,
  keepSending,
  postSession,
  queueSession,
  refusalText,
} from "../session-queue.js";
import { gettext, interpolate } from "../i18n.js";

let data = null;
let ui = null;
let csrfToken = "";
let session = null; // what was played: {id, steps, exercises, results, reached, startedAt, endedAt}
let rows = [];
let saved = false;
let kept = false; // queued on this device after a failed save

export function minutesText(totalSeconds) {
  const s = Math.max(0, Math.round(totalSeconds));
  if (s < 60) return interpolate(gettext("%(seconds)s s"), { seconds: s });
  const m = Math.floor(s / 60);
  const rest = s % 60;
  return rest
    ? interpolate(gettext("%(minutes)s min %(seconds)s s"), { minutes: m, seconds: rest })
    : interpolate(gettext("%(minutes)s min"), { minutes: m });
}

/** Wire the form once: the page's data, its elements, the CSRF token for the API. */
export function initSummary(options) {
  ({ data, ui, csrfToken } = options);
  ui.form.addEventListener("submit", save);
  // A session kept on this device that a later try saved: say so where it was kept.
  document.addEventListener("forge:sessions-saved", (event) => {
    if (kept && session && event.detail.storedIds.includes(session.id)) showSaved();
  });
}

/** Show the summary of a finished (or ended early) session. */
export function showSummary(played) {
  session = played;
  saved = false;
  kept = false;
  buildSummary();
}

/** True while there are results on screen that are neither saved nor kept on the device. */
export function hasUnsavedResults() {
  return Boolean(ui && ui.save && rows.length && !saved && !kept);
}

export function newId() {
  if (window.crypto && typeof window.crypto.randomUUID === "function") {
    return window.crypto.randomUUID();
  }
  // Older browsers: a version-4 UUID from getRandomValues.
  const bytes = window.crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** One row per exercise (in order) and side, from the work steps that were reached. */
function summaryRows() {
  const rows = [];
  const byKey = new Map();
  const { steps, exercises, results, reached } = session;
  steps.forEach((s, i) => {
    if (s.kind !== "hold" && s.kind !== "reps") return;
    if (i > reached) return;
    const key = `${s.exercise}:${s.side}`;
    let row = byKey.get(key);
    if (!row) {
      const ex = exercises[s.exercise];
      row = { exercise: s.exercise, slug: ex.slug, name: ex.name, side: s.side, kind: s.kind, value: null, reps: ex.reps };
      byKey.set(key, row);
      rows.push(row);
    }
    const result = results[i];
    if (s.kind === "hold" && result.held) row.value = Math.max(row.value || 0, result.held);
    if (s.kind === "reps" && result.done) row.value = s.reps;
  });
  return rows;
}

const SIDE_LEGEND = { left: gettext("left side"), right: gettext("right side"), both: "" };

function field(row, r, name, labelText, attrs) {
  const wrap = document.createElement("div");
  wrap.className = `field player-field player-field-${name}`;
  const id = `player-row-${r}-${name}`;
  const label = document.createElement("label");
  label.htmlFor = id;
  label.textContent = labelText;
  const input = document.createElement("input");
  input.id = id;
  input.name = name;
  for (const [key, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined) input.setAttribute(key, value);
  }
  const error = document.createElement("p");
  error.className = "error";
  error.id = `${id}-error`;
  error.hidden = true;
  input.setAttribute("aria-describedby", error.id);
  wrap.append(label, input, error);
  return wrap;
}


function buildSummary() {
  rows = summaryRows();
  const minutes = minutesText((session.endedAt - session.startedAt) / 1000);
  const severalSets = rows.some((row) => session.exercises[row.exercise].sets > 1);
  const lead = rows.length
    ? gettext("%(time)s from Start to finish. Check what was filled in from the timer, change anything that is off, and rate how each one felt.")
    : gettext("%(time)s from Start to finish. No exercise was reached, so there is nothing to log this time.");
  const sets = gettext("Where an exercise had several sets, its longest hold and the reps of one set are filled in.");
  ui.summaryLead.textContent = interpolate(lead, { time: minutes }) + (rows.length && severalSets ? ` ${sets}` : "");
  ui.rows.replaceChildren();
  rows.forEach((row, r) => {
    const set = document.createElement("fieldset");
    set.className = "player-row";
    set.dataset.row = String(r);
    const legend = document.createElement("legend");
    const side = SIDE_LEGEND[row.side];
    legend.textContent = side ? interpolate(gettext("%(name)s, %(side)s"), { name: row.name, side }) : row.name;
    set.append(legend);
    if (row.kind === "hold") {
      set.append(
        field(row, r, "hold_seconds", gettext("Held (seconds)"), {
          type: "number", inputmode: "numeric", min: "1", max: "600", step: "1",
          value: row.value === null ? "" : String(row.value),
        }),
      );
    } else {
      set.append(
        field(row, r, "reps", gettext("Reps done"), {
          type: "number", inputmode: "numeric", min: "1", max: "500", step: "1",
          value: row.value === null ? "" : String(row.value),
        }),
      );
    }
    set.append(
      field(row, r, "rating", gettext("Tightness or effort (0–10)"), {
        type: "number", inputmode: "numeric", min: "0", max: "10", step: "1", value: "",
      }),
      field(row, r, "note", gettext("Note"), { type: "text", maxlength: "500", value: "", autocomplete: "off" }),
    );
    const rowError = document.createElement("p");
    rowError.className = "error player-row-error";
    rowError.hidden = true;
    set.append(rowError);
    ui.rows.append(set);
  });
  if (ui.save) ui.save.hidden = !rows.length;
}

function rowInputs(r) {
  const set = ui.rows.querySelector(`[data-row="${r}"]`);
  return {
    set,
    value: set.querySelector("[name=hold_seconds], [name=reps]"),
    rating: set.querySelector("[name=rating]"),
    note: set.querySelector("[name=note]"),
  };
}

function clearErrors() {
  ui.formError.hidden = true;
  ui.formError.textContent = "";
  for (const error of ui.rows.querySelectorAll(".error")) {
    error.hidden = true;
    error.textContent = "";
  }
  for (const input of ui.rows.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
}

function showFieldError(input, message) {
  const error = document.getElementById(`${input.id}-error`);
  error.textContent = message;
  error.hidden = false;
  input.setAttribute("aria-invalid", "true");
}

function intOrNull(input) {
  const text = input.value.trim();
  return text === "" ? null : Number(text);
}

/** The API payload, plus which row each sent entry came from; null if a field is invalid. */
function collect() {
  let valid = true;
  const entries = [];
  const sentRows = [];
  rows.forEach((row, r) => {
    const { value, rating, note } = rowInputs(r);
    for (const input of [value, rating, note]) {
      if (!input.checkValidity()) {
        valid = false;
        showFieldError(input, input.validationMessage);
      }
    }
    const amount = intOrNull(value);
    const score = intOrNull(rating);
    const text = note.value.trim();
    if (amount === null && score === null && !text) return; // nothing to log for this row
    entries.push({
      exercise: row.slug,
      side: row.side,
      hold_seconds: row.kind === "hold" ? amount : null,
      reps: row.kind === "reps" ? amount : null,
      rating: score,
      note: text,
    });
    sentRows.push(r);
  });
  if (!valid) return null;
  return {
    payload: {
      id: session.id,
      plan_day: data.plan_day,
      started_at: session.startedAt.toISOString(),
      ended_at: session.endedAt.toISOString(),
      entries,
    },
    sentRows,
  };
}

function showStatus(kind, parts) {
  ui.status.className = `notice player-status player-status-${kind}`;
  ui.status.replaceChildren(...parts);
  ui.status.hidden = false;
  ui.status.focus({ preventScroll: false });
}

function link(href, text) {
  const a = document.createElement("a");
  a.href = href;
  a.textContent = text;
  return a;
}

function paragraph(...parts) {
  const p = document.createElement("p");
  p.append(...parts);
  return p;
}

function showServerErrors(errors, sentRows) {
  const general = [];
  for (const [key, messages] of Object.entries(errors || {})) {
    const text = [].concat(messages).join(" ");
    const match = key.match(/^entries\.(\d+)\.(\w+)$/);
    if (match && sentRows[Number(match[1])] !== undefined) {
      const r = sentRows[Number(match[1])];
      const inputs = rowInputs(r);
      const input =
        match[2] === "rating" ? inputs.rating
        : match[2] === "note" ? inputs.note
        : match[2] === "hold_seconds" || match[2] === "reps" ? inputs.value
        : null;
      if (input) showFieldError(input, text);
      else {
        const rowError = inputs.set.querySelector(".player-row-error");
        rowError.textContent = text;
        rowError.hidden = false;
      }
    } else {
      general.push(text);
    }
  }
  ui.formError.textContent = general.length
    ? interpolate(gettext("Forge could not save this session: %(reason)s"), { reason: general.join(" ") })
    : gettext("Forge could not save this session: some values need a fix (see the notes beside them).");
  ui.formError.hidden = false;
}

function savedOnDevice(reason) {
  showStatus("queued", [
    paragraph(
      `${reason} `,
      gettext("This session is kept on this device, waiting to sync: Forge keeps trying to save it while this page is open, and again the next time you open Forge."),
      " ",
      gettext("You can also press Save again now."),
    ),
  ]);
}

function showSaved() {
  saved = true;
  kept = false;
  ui.form.hidden = true;
  showStatus("saved", [
    paragraph(gettext("Saved to your log.")),
    paragraph(link(data.history_url, gettext("See your history")), " · ", link(data.back_url, data.back_label)),
  ]);
}

async function save(event) {
  event.preventDefault();
  if (!ui.save || saved) return;
  clearErrors();
  const collected = collect();
  if (!collected) {
    ui.formError.textContent = gettext("Some values need a fix (see the notes beside them).");
    ui.formError.hidden = false;
    return;
  }
  const { payload, sentRows } = collected;
  if (!payload.entries.length) {
    ui.formError.textContent = gettext("Fill in at least one hold, rep count, rating or note to save this session.");
    ui.formError.hidden = false;
    return;
  }
  ui.save.disabled = true;
  ui.save.textContent = gettext("Saving…");
  let answer;
  try {
    answer = await postSession(payload, { saveUrl: data.save_url, csrfToken });
  } catch {
    answer = null; // network error
  }
  ui.save.disabled = false;
  ui.save.textContent = gettext("Save to my log");
  const outcome = classify(answer);
  if (outcome === "stored") {
    forgetSession(payload.id);
    showSaved();
    return;
  }
  if (outcome === "refused") {
    const errors = answer.data && answer.data.errors;
    if (errors && Object.keys(errors).length) showServerErrors(errors, sentRows);
    else {
      ui.formError.textContent = interpolate(gettext("Forge could not save this session: %(reason)s"), { reason: refusalText(answer) });
      ui.formError.hidden = false;
    }
    return;
  }
  const reason =
    answer === null
      ? gettext("Forge could not be reached.")
      : answer.status === 401 || answer.status === 403
        ? gettext("Forge did not accept the save because you seem to be signed out (log in again in another tab).")
        : answer.status === 503
          ? gettext("Forge is briefly unavailable.")
          : interpolate(gettext("Forge had a problem saving (error %(status)s)."), { status: answer.status });
  if (await queueSession(payload, data.save_url, csrfToken)) {
    kept = true;
    savedOnDevice(reason);
    keepSending({ saveUrl: data.save_url, csrfToken });
  } else {
    showStatus("failed", [
      paragraph(
        `${reason} ${gettext("This browser would not keep a copy either, so note your results down or press Save again in a moment.")}`,
      ),
    ]);
  }
}
