// The follow-along player. It plays the timeline embedded in the page (json_script
// "player-data", built by plans.timeline) and ends with a summary form that saves the
// session through the API, or keeps it on this device when the network is away.
//
// Time is always read from clocks (performance.now() for the countdown, Date for the
// session's start and end), never counted in ticks, so a late or throttled timer cannot make
// the countdown drift, and a test can drive it with Playwright's page.clock.

import { postSession, queueSession, forgetSession } from "./session-queue.js";

const TICK_MS = 100;
const PLUS_SECONDS = 15;
const MUTE_KEY = "forge.playerMuted";

const data = JSON.parse(document.getElementById("player-data").textContent);
const steps = data.steps;
const exercises = data.exercises;
const root = document.getElementById("player");
const $ = (id) => document.getElementById(id);

const ui = {
  startBox: $("player-start-box"),
  start: $("player-start"),
  intro: $("player-intro"),
  stage: $("player-stage"),
  progress: $("player-progress"),
  position: $("player-position"),
  remaining: $("player-remaining"),
  phase: $("player-phase"),
  ring: $("player-ring-bar"),
  count: $("player-count"),
  countUnit: $("player-count-unit"),
  exercise: $("player-exercise"),
  detail: $("player-detail"),
  next: $("player-next"),
  media: $("player-media"),
  stepsBody: $("player-steps-body"),
  done: $("player-done"),
  back: $("player-back"),
  pause: $("player-pause"),
  skip: $("player-skip"),
  more: $("player-more"),
  mute: $("player-mute"),
  finish: $("player-finish"),
  announcer: $("player-announcer"),
  summary: $("player-summary"),
  summaryTitle: $("player-summary-title"),
  summaryLead: $("player-summary-lead"),
  form: $("player-form"),
  rows: $("player-rows"),
  formError: $("player-form-error"),
  save: $("player-save"),
  status: $("player-status"),
};

const now = () => performance.now();
const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

// --- State ---------------------------------------------------------------------------------

const state = {
  phase: "idle", // idle | playing | summary
  index: 0,
  paused: false,
  banked: 0, // ms spent in the current step before the clock last (re)started
  runningSince: null, // performance.now() when the clock last started, null while paused
  extra: 0, // seconds added to the current step with +15 s
  lastWhole: null, // the whole seconds last shown (for the 3-2-1 beeps)
  startedAt: null,
  endedAt: null,
  sessionId: null,
  saved: false,
  kept: false, // queued on this device after a failed save
  // Per step: seconds held (hold steps), whether Done was pressed (reps steps).
  results: steps.map(() => ({ held: null, done: false })),
};
let timer = null;

const step = () => steps[state.index];
const isTimed = (s) => s && s.seconds !== null && s.seconds !== undefined;
const elapsedMs = () =>
  state.banked + (state.runningSince === null ? 0 : Math.max(0, now() - state.runningSince));
const durationMs = () => (step().seconds + state.extra) * 1000;

// --- Words ---------------------------------------------------------------------------------

const SIDE = { left: "left side", right: "right side", both: "" };

function clock(totalSeconds) {
  const s = Math.max(0, Math.round(totalSeconds));
  const m = Math.floor(s / 60);
  return m ? `${m}:${String(s % 60).padStart(2, "0")}` : String(s);
}

function minutesText(totalSeconds) {
  const s = Math.max(0, Math.round(totalSeconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  const rest = s % 60;
  return rest ? `${m} min ${rest} s` : `${m} min`;
}

function phaseLabel(s) {
  switch (s.kind) {
    case "ready":
      return "Get ready";
    case "switch":
      return "Switch sides";
    case "rest":
      return "Rest";
    case "hold":
      return s.side === "both" ? "Hold" : `Hold · ${capitalise(SIDE[s.side])}`;
    case "reps":
      return s.side === "both" ? "Reps" : `Reps · ${capitalise(SIDE[s.side])}`;
    default:
      return "";
  }
}

function capitalise(text) {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

function setText(s) {
  return s.sets > 1 ? `set ${s.set_number} of ${s.sets}` : "";
}

function detailText(s) {
  const ex = exercises[s.exercise];
  const parts = [];
  if (s.kind === "ready" || s.kind === "rest") parts.push("Coming up");
  if (s.kind === "switch") parts.push(`Now the ${SIDE[s.side] || "other side"}`);
  if (s.kind === "hold" || s.kind === "reps") {
    const set = setText(s);
    if (set) parts.push(set);
    if (s.kind === "reps") parts.push(`${s.reps} reps, then press Done`);
    else parts.push(`${s.seconds} s hold${s.side === "both" ? "" : " on each side"}`);
  }
  if ((s.kind === "ready" || s.kind === "rest") && ex.prescription) parts.push(ex.prescription);
  return parts.join(" · ");
}

function describeStep(s) {
  const name = exercises[s.exercise].name;
  const side = SIDE[s.side] ? `, ${SIDE[s.side]}` : "";
  switch (s.kind) {
    case "ready":
      return `Get ready: ${name}`;
    case "switch":
      return `Switch sides (${s.seconds} s)`;
    case "rest":
      return `Rest ${minutesText(s.seconds)}, then ${name}`;
    case "hold":
      return `${name}${side}: hold ${minutesText(s.seconds)}`;
    case "reps":
      return `${name}${side}: ${s.reps} reps`;
    default:
      return name;
  }
}

function announcement(s) {
  const name = exercises[s.exercise].name;
  const side = SIDE[s.side] ? `, ${SIDE[s.side]}` : "";
  switch (s.kind) {
    case "ready":
      return `Get ready. ${name} in ${s.seconds} seconds.`;
    case "switch":
      return `Switch sides. ${capitalise(SIDE[s.side] || "other side")} in ${s.seconds} seconds.`;
    case "rest":
      return `Rest for ${minutesText(s.seconds)}. Next: ${name}.`;
    case "hold":
      return `${name}${side}. Hold for ${s.seconds} seconds.`;
    case "reps":
      return `${name}${side}. ${s.reps} reps, then press Done.`;
    default:
      return name;
  }
}

// --- Sound, speech, vibration, wake lock -----------------------------------------------------

let muted = false;
try {
  muted = localStorage.getItem(MUTE_KEY) === "1";
} catch {
  muted = false;
}
let audio = null;

function startAudio() {
  // Browsers only let a page make sound after a gesture: this runs from the Start click.
  const Context = window.AudioContext || window.webkitAudioContext;
  if (!Context || audio) return;
  try {
    audio = new Context();
    if (audio.state === "suspended") audio.resume();
  } catch {
    audio = null;
  }
}

function beep(frequency = 660, seconds = 0.12) {
  if (muted || !audio) return;
  try {
    const t = audio.currentTime;
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.type = "sine";
    osc.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(0.25, t + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + seconds);
    osc.connect(gain).connect(audio.destination);
    osc.start(t);
    osc.stop(t + seconds + 0.02);
  } catch {
    // no sound is better than a broken player
  }
}

function speak(text) {
  if (muted || !("speechSynthesis" in window)) return;
  const synth = window.speechSynthesis;
  if (!synth.getVoices().length) return; // no voices: say nothing rather than wait
  try {
    synth.cancel();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = document.documentElement.lang || "en";
    synth.speak(utterance);
  } catch {
    // ignore
  }
}

function vibrate(pattern) {
  if (muted || typeof navigator.vibrate !== "function") return;
  try {
    navigator.vibrate(pattern);
  } catch {
    // ignore
  }
}

let wakeLock = null;

async function keepAwake() {
  if (!("wakeLock" in navigator) || wakeLock || document.visibilityState !== "visible") return;
  try {
    wakeLock = await navigator.wakeLock.request("screen");
    wakeLock.addEventListener("release", () => {
      wakeLock = null;
    });
  } catch {
    wakeLock = null; // refused (battery saver, no permission): the timer still works
  }
}

function letSleep() {
  if (wakeLock) wakeLock.release().catch(() => {});
  wakeLock = null;
}

function setMuted(value) {
  muted = value;
  try {
    localStorage.setItem(MUTE_KEY, value ? "1" : "0");
  } catch {
    // not remembered, still applied
  }
  ui.mute.setAttribute("aria-pressed", String(value));
  if (value && "speechSynthesis" in window) window.speechSynthesis.cancel();
}

function announce(text) {
  ui.announcer.textContent = text;
}

// --- Playing -------------------------------------------------------------------------------

function enterStep(index, carriedMs = 0) {
  state.index = index;
  state.extra = 0;
  state.lastWhole = null;
  state.banked = carriedMs;
  state.runningSince = state.paused ? null : now();
  if (index >= steps.length) {
    finish();
    return;
  }
  const s = step();
  state.results[index] = { held: null, done: false };
  showExercise(s.exercise);
  const text = announcement(s);
  announce(text);
  speak(text);
  if (s.kind === "switch") {
    beep(880, 0.18);
    window.setTimeout(() => beep(660, 0.18), 220);
    vibrate([200, 100, 200]);
  } else if (s.kind === "hold" || s.kind === "reps") {
    beep(990, 0.25);
    vibrate(300);
  } else {
    beep(520, 0.2);
  }
  render();
  if (s.kind === "reps") ui.done.focus({ preventScroll: true });
}

let shownExercise = null;

function showExercise(index) {
  if (shownExercise === index) return;
  shownExercise = index;
  const media = document.getElementById(`player-media-${index}`);
  const stepsText = document.getElementById(`player-steps-${index}`);
  ui.media.replaceChildren(media ? media.content.cloneNode(true) : "");
  ui.stepsBody.replaceChildren(stepsText ? stepsText.content.cloneNode(true) : "");
}

function tick() {
  if (state.phase !== "playing" || state.paused) return;
  // Finish every timed step whose time is up (several, if the tab slept), carrying the
  // overshoot into the next step so the session keeps time with the wall clock.
  let guard = steps.length + 1;
  while (state.phase === "playing" && isTimed(step()) && guard-- > 0) {
    const over = elapsedMs() - durationMs();
    if (over < 0) break;
    completeTimedStep();
    enterStep(state.index + 1, over);
  }
  if (state.phase === "playing") render();
}

function completeTimedStep() {
  const s = step();
  if (s.kind === "hold") state.results[state.index].held = s.seconds + state.extra;
}

function heldSoFar() {
  const seconds = Math.floor(elapsedMs() / 1000);
  return seconds >= 1 ? Math.min(seconds, step().seconds + state.extra) : null;
}

function start() {
  startAudio();
  state.phase = "playing";
  state.paused = false;
  state.startedAt = new Date();
  state.sessionId = newId();
  ui.startBox.hidden = true;
  ui.intro.hidden = true;
  ui.stage.hidden = false;
  root.classList.add("is-playing");
  ui.stage.focus({ preventScroll: true });
  ui.stage.scrollIntoView({ block: "start", behavior: reducedMotion.matches ? "auto" : "smooth" });
  keepAwake();
  timer = window.setInterval(tick, TICK_MS);
  enterStep(0);
}

function togglePause() {
  if (state.phase !== "playing") return;
  if (state.paused) {
    state.paused = false;
    state.runningSince = now();
    keepAwake();
    announce("Resumed.");
  } else {
    state.banked = elapsedMs();
    state.runningSince = null;
    state.paused = true;
    letSleep();
    announce("Paused.");
  }
  render();
}

function done() {
  if (state.phase !== "playing" || step().kind !== "reps") return;
  state.results[state.index].done = true;
  enterStep(state.index + 1);
}

function skip() {
  if (state.phase !== "playing") return;
  // A skipped step logs nothing: hold seconds stay empty, reps are not counted.
  state.results[state.index] = { held: null, done: false };
  enterStep(state.index + 1);
}

function back() {
  if (state.phase !== "playing") return;
  // Within the first two seconds of a step, go to the one before; later, restart this one.
  const target = elapsedMs() < 2000 && state.index > 0 ? state.index - 1 : state.index;
  state.results[state.index] = { held: null, done: false };
  enterStep(target);
}

function addTime() {
  if (state.phase !== "playing" || !isTimed(step())) return;
  state.extra += PLUS_SECONDS;
  announce(`${PLUS_SECONDS} seconds added.`);
  render();
}

function finishEarly() {
  if (state.phase !== "playing") return;
  const s = step();
  if (s.kind === "hold") state.results[state.index].held = heldSoFar();
  finish();
}

function finish() {
  window.clearInterval(timer);
  timer = null;
  letSleep();
  state.endedAt = new Date();
  state.phase = "summary";
  root.classList.remove("is-playing");
  ui.stage.hidden = true;
  ui.summary.hidden = false;
  buildSummary();
  beep(990, 0.15);
  window.setTimeout(() => beep(1320, 0.3), 180);
  const complete = state.index >= steps.length;
  const text = complete
    ? "Session complete. Check your results below."
    : "Session ended early. Check your results below.";
  announce(text);
  speak(complete ? "Session complete. Well done." : "Session ended.");
  ui.summaryTitle.focus();
}

// --- Drawing ---------------------------------------------------------------------------------

function render() {
  const s = step();
  if (!s) return;
  const timed = isTimed(s);
  const remainingMs = timed ? Math.max(0, durationMs() - elapsedMs()) : 0;
  const whole = timed ? Math.ceil(remainingMs / 1000) : null;

  root.dataset.kind = s.kind;
  root.classList.toggle("is-paused", state.paused);
  ui.phase.textContent = state.paused ? `Paused · ${phaseLabel(s)}` : phaseLabel(s);
  ui.exercise.textContent = exercises[s.exercise].name;
  ui.detail.textContent = detailText(s);

  if (timed) {
    ui.count.textContent = clock(whole);
    ui.countUnit.textContent = whole >= 60 ? "minutes" : whole === 1 ? "second" : "seconds";
    const fraction = durationMs() ? remainingMs / durationMs() : 0;
    ui.ring.style.strokeDashoffset = String(100 - fraction * 100);
  } else {
    ui.count.textContent = String(s.reps);
    ui.countUnit.textContent = "reps";
    ui.ring.style.strokeDashoffset = "0";
  }
  if (timed && !state.paused && whole !== state.lastWhole) {
    if (whole >= 1 && whole <= 3 && state.lastWhole !== null) beep(whole === 1 ? 880 : 660, 0.1);
    state.lastWhole = whole;
  }

  ui.done.hidden = s.kind !== "reps";
  ui.more.disabled = !timed;
  ui.pause.textContent = state.paused ? "Resume" : "Pause";
  ui.pause.setAttribute("aria-pressed", String(state.paused));

  const following = steps[state.index + 1];
  ui.next.textContent = following ? `Next up: ${describeStep(following)}` : "Next up: your summary";

  // Whole-session progress, by the timeline's estimates.
  let doneSeconds = 0;
  for (let i = 0; i < state.index; i += 1) doneSeconds += steps[i].estimate_seconds;
  const current = timed
    ? Math.min(elapsedMs() / 1000, s.estimate_seconds)
    : Math.min(elapsedMs() / 1000, s.estimate_seconds);
  const progressed = Math.min(data.total_seconds, doneSeconds + current);
  ui.progress.value = progressed;
  ui.progress.max = data.total_seconds || 1;
  const exerciseNumber = s.exercise + 1;
  ui.position.textContent = `Exercise ${exerciseNumber} of ${exercises.length}`;
  ui.remaining.textContent = `about ${minutesText(data.total_seconds - progressed)} left`;
}

// --- Summary -----------------------------------------------------------------------------------

function newId() {
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
  const reached = state.phase === "summary" ? Math.min(state.index, steps.length - 1) : -1;
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
    const result = state.results[i];
    if (s.kind === "hold" && result.held) row.value = Math.max(row.value || 0, result.held);
    if (s.kind === "reps" && result.done) row.value = s.reps;
  });
  return rows;
}

const SIDE_LEGEND = { left: "left side", right: "right side", both: "" };

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

let rows = [];

function buildSummary() {
  rows = summaryRows();
  const minutes = minutesText((state.endedAt - state.startedAt) / 1000);
  ui.summaryLead.textContent = rows.length
    ? `${minutes} from Start to finish. Check what was filled in from the timer, change anything that is off, and rate how each one felt.`
    : `${minutes} from Start to finish. No exercise was reached, so there is nothing to log this time.`;
  ui.rows.replaceChildren();
  rows.forEach((row, r) => {
    const set = document.createElement("fieldset");
    set.className = "player-row";
    set.dataset.row = String(r);
    const legend = document.createElement("legend");
    const side = SIDE_LEGEND[row.side];
    legend.textContent = side ? `${row.name}, ${side}` : row.name;
    set.append(legend);
    if (row.kind === "hold") {
      set.append(
        field(row, r, "hold_seconds", "Held (seconds)", {
          type: "number", inputmode: "numeric", min: "1", max: "600", step: "1",
          value: row.value === null ? "" : String(row.value),
        }),
      );
    } else {
      set.append(
        field(row, r, "reps", "Reps done", {
          type: "number", inputmode: "numeric", min: "1", max: "500", step: "1",
          value: row.value === null ? "" : String(row.value),
        }),
      );
    }
    set.append(
      field(row, r, "rating", "Tightness or effort (0–10)", {
        type: "number", inputmode: "numeric", min: "0", max: "10", step: "1", value: "",
      }),
      field(row, r, "note", "Note", { type: "text", maxlength: "500", value: "", autocomplete: "off" }),
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
      id: state.sessionId,
      plan_day: data.plan_day,
      started_at: state.startedAt.toISOString(),
      ended_at: state.endedAt.toISOString(),
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
    ? `Forge could not save this session: ${general.join(" ")}`
    : "Forge could not save this session: some values need a fix (see the notes beside them).";
  ui.formError.hidden = false;
}

function savedOnDevice(reason) {
  showStatus("queued", [
    paragraph(
      `${reason} This session is saved on this device, and Forge will send it the next time you open the player or your history. `,
      "You can also press Save again now.",
    ),
  ]);
}

async function save(event) {
  event.preventDefault();
  if (!ui.save || state.saved) return;
  clearErrors();
  const collected = collect();
  if (!collected) {
    ui.formError.textContent = "Some values need a fix (see the notes beside them).";
    ui.formError.hidden = false;
    return;
  }
  const { payload, sentRows } = collected;
  if (!payload.entries.length) {
    ui.formError.textContent = "Fill in at least one hold, rep count, rating or note to save this session.";
    ui.formError.hidden = false;
    return;
  }
  ui.save.disabled = true;
  ui.save.textContent = "Saving…";
  let answer;
  try {
    answer = await postSession(payload, { saveUrl: data.save_url, csrfToken: root.dataset.csrf });
  } catch {
    answer = null; // network error
  }
  ui.save.disabled = false;
  ui.save.textContent = "Save to my log";
  if (answer && answer.ok) {
    state.saved = true;
    forgetSession(payload.id);
    ui.form.hidden = true;
    showStatus("saved", [
      paragraph("Saved to your log."),
      paragraph(
        link(data.history_url, "See your history"),
        " · ",
        link(data.back_url, data.back_label),
      ),
    ]);
    return;
  }
  if (answer && answer.status === 400) {
    showServerErrors(answer.data && answer.data.errors, sentRows);
    return;
  }
  const reason =
    answer === null
      ? "Forge could not be reached."
      : answer.status === 401 || answer.status === 403
        ? "Forge did not accept the save because you seem to be signed out (log in again in another tab)."
        : `Forge had a problem saving (error ${answer.status}).`;
  if (queueSession(payload, data.save_url)) {
    state.kept = true;
    savedOnDevice(reason);
  } else {
    showStatus("failed", [
      paragraph(
        `${reason} This browser would not keep a copy either, so note your results down or press Save again in a moment.`,
      ),
    ]);
  }
}

// --- Wiring --------------------------------------------------------------------------------

function onKey(event) {
  if (state.phase !== "playing" || event.altKey || event.ctrlKey || event.metaKey) return;
  const target = event.target;
  const tag = target && target.tagName;
  if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable)) return;
  if (event.key === " " || event.code === "Space") {
    // A focused button, link or summary answers Space itself.
    if (tag === "BUTTON" || tag === "A" || tag === "SUMMARY") return;
    event.preventDefault();
    if (step().kind === "reps" && !state.paused) done();
    else togglePause();
  } else if (event.key === "ArrowLeft") {
    event.preventDefault();
    back();
  } else if (event.key === "ArrowRight") {
    event.preventDefault();
    skip();
  }
}

function init() {
  if (!steps.length) return;
  document.getElementById("player-nojs").hidden = true;
  ui.mute.setAttribute("aria-pressed", String(muted));
  ui.startBox.hidden = false;
  ui.start.addEventListener("click", start);
  ui.pause.addEventListener("click", togglePause);
  ui.done.addEventListener("click", done);
  ui.skip.addEventListener("click", skip);
  ui.back.addEventListener("click", back);
  ui.more.addEventListener("click", addTime);
  ui.finish.addEventListener("click", finishEarly);
  ui.mute.addEventListener("click", () => setMuted(!muted));
  ui.form.addEventListener("submit", save);
  document.addEventListener("keydown", onKey);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && state.phase === "playing") {
      if (!state.paused) keepAwake();
      tick(); // catch up at once after the tab slept
    }
  });
  window.addEventListener("beforeunload", (event) => {
    const unsaved = state.phase === "playing" || (state.phase === "summary" && ui.save && !state.saved && !state.kept && rows.length);
    if (unsaved) event.preventDefault();
  });
  // Pictures live in <template>s, which do not load them: fetch them now, so the session
  // needs no network once it has started.
  for (const template of document.querySelectorAll("template[id^='player-media-']")) {
    for (const img of template.content.querySelectorAll("img")) new Image().src = img.src;
  }
  render();
}

init();
