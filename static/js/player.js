// The follow-along player. It plays the timeline embedded in the page (json_script
// "player-data", built by plans.timeline) and ends with a summary form that saves the
// session through the API, or keeps it on this device when the network is away.
//
// Time is always read from clocks (performance.now() for the countdown, Date for the
// session's start and end), never counted in ticks, so a late or throttled timer cannot make
// the countdown drift, and a test can drive it with Playwright's page.clock.

import { gettext, interpolate, ngettext } from "./i18n.js";
import { beep, isMuted, keepAwake, letSleep, setMuted, speak, startAudio, vibrate } from "./player/cues.js";
import { hasUnsavedResults, initSummary, minutesText, newId, showSummary } from "./player/summary.js";
import { mountPose, poseProgressFor, setPoseProgress } from "./pose-animation.js";

const TICK_MS = 100;
const PLUS_SECONDS = 15;

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
// In the page's language (static/js/i18n.js); the spoken cues too, and cues.js speaks them
// with the page's lang, so a voice of that language reads them.

const SIDE = { left: gettext("left side"), right: gettext("right side"), both: "" };

function clock(totalSeconds) {
  const s = Math.max(0, Math.round(totalSeconds));
  const m = Math.floor(s / 60);
  return m ? `${m}:${String(s % 60).padStart(2, "0")}` : String(s);
}

function phaseLabel(s) {
  switch (s.kind) {
    case "ready":
      return gettext("Get ready");
    case "switch":
      return gettext("Switch sides");
    case "rest":
      return gettext("Rest");
    case "hold":
      return s.side === "both"
        ? gettext("Hold")
        : interpolate(gettext("Hold · %(side)s"), { side: capitalise(SIDE[s.side]) });
    case "reps":
      return s.side === "both"
        ? gettext("Reps")
        : interpolate(gettext("Reps · %(side)s"), { side: capitalise(SIDE[s.side]) });
    default:
      return "";
  }
}

function capitalise(text) {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

function setText(s) {
  return s.sets > 1 ? interpolate(gettext("set %(number)s of %(sets)s"), { number: s.set_number, sets: s.sets }) : "";
}

function withSide(name, s) {
  return SIDE[s.side] ? interpolate(gettext("%(name)s, %(side)s"), { name, side: SIDE[s.side] }) : name;
}

function detailText(s) {
  const ex = exercises[s.exercise];
  const parts = [];
  if (s.kind === "ready" || s.kind === "rest") parts.push(gettext("Coming up"));
  if (s.kind === "switch") {
    parts.push(SIDE[s.side] ? interpolate(gettext("Now the %(side)s"), { side: SIDE[s.side] }) : gettext("Now the other side"));
  }
  if (s.kind === "hold" || s.kind === "reps") {
    const set = setText(s);
    if (set) parts.push(set);
    if (s.kind === "reps") {
      parts.push(interpolate(ngettext("%(count)s rep, then press Done", "%(count)s reps, then press Done", s.reps), { count: s.reps }));
    } else if (s.side === "both") {
      parts.push(interpolate(gettext("%(seconds)s s hold"), { seconds: s.seconds }));
    } else {
      parts.push(interpolate(gettext("%(seconds)s s hold on each side"), { seconds: s.seconds }));
    }
  }
  if ((s.kind === "ready" || s.kind === "rest") && ex.prescription) parts.push(ex.prescription);
  return parts.join(" · ");
}

function describeStep(s) {
  const name = exercises[s.exercise].name;
  switch (s.kind) {
    case "ready":
      return interpolate(gettext("Get ready: %(name)s"), { name });
    case "switch":
      return interpolate(gettext("Switch sides (%(seconds)s s)"), { seconds: s.seconds });
    case "rest":
      return interpolate(gettext("Rest %(time)s, then %(name)s"), { time: minutesText(s.seconds), name });
    case "hold":
      return interpolate(gettext("%(name)s: hold %(time)s"), { name: withSide(name, s), time: minutesText(s.seconds) });
    case "reps":
      return interpolate(ngettext("%(name)s: %(count)s rep", "%(name)s: %(count)s reps", s.reps), {
        name: withSide(name, s),
        count: s.reps,
      });
    default:
      return name;
  }
}

function announcement(s) {
  const name = exercises[s.exercise].name;
  switch (s.kind) {
    case "ready":
      return interpolate(gettext("Get ready. %(name)s in %(seconds)s seconds."), { name, seconds: s.seconds });
    case "switch":
      return SIDE[s.side]
        ? interpolate(gettext("Switch sides. %(side)s in %(seconds)s seconds."), {
            side: capitalise(SIDE[s.side]),
            seconds: s.seconds,
          })
        : interpolate(gettext("Switch sides. Other side in %(seconds)s seconds."), { seconds: s.seconds });
    case "rest":
      return interpolate(gettext("Rest for %(time)s. Next: %(name)s."), { time: minutesText(s.seconds), name });
    case "hold":
      return interpolate(gettext("%(name)s. Hold for %(seconds)s seconds."), { name: withSide(name, s), seconds: s.seconds });
    case "reps":
      return interpolate(ngettext("%(name)s. %(count)s rep, then press Done.", "%(name)s. %(count)s reps, then press Done.", s.reps), {
        name: withSide(name, s),
        count: s.reps,
      });
    default:
      return name;
  }
}

// --- Announcing ----------------------------------------------------------------------------

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
  // Getting ready, switching sides and resting show the start position; the work, the end.
  ui.media.dataset.pose = s.kind === "hold" || s.kind === "reps" ? "end" : "start";
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
  mountPose(ui.media);
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
    announce(gettext("Resumed."));
  } else {
    state.banked = elapsedMs();
    state.runningSince = null;
    state.paused = true;
    letSleep();
    announce(gettext("Paused."));
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
  announce(interpolate(gettext("%(seconds)s seconds added."), { seconds: PLUS_SECONDS }));
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
  showSummary({
    id: state.sessionId,
    steps,
    exercises,
    results: state.results,
    reached: Math.min(state.index, steps.length - 1),
    startedAt: state.startedAt,
    endedAt: state.endedAt,
  });
  beep(990, 0.15);
  window.setTimeout(() => beep(1320, 0.3), 180);
  const complete = state.index >= steps.length;
  const text = complete
    ? gettext("Session complete. Check your results below.")
    : gettext("Session ended early. Check your results below.");
  announce(text);
  speak(complete ? gettext("Session complete. Well done.") : gettext("Session ended."));
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
  ui.phase.textContent = state.paused ? interpolate(gettext("Paused · %(phase)s"), { phase: phaseLabel(s) }) : phaseLabel(s);
  ui.exercise.textContent = exercises[s.exercise].name;
  ui.detail.textContent = detailText(s);

  if (timed) {
    ui.count.textContent = clock(whole);
    ui.countUnit.textContent = whole >= 60 ? gettext("minutes") : ngettext("second", "seconds", whole);
    const fraction = durationMs() ? remainingMs / durationMs() : 0;
    ui.ring.style.strokeDashoffset = String(100 - fraction * 100);
  } else {
    ui.count.textContent = String(s.reps);
    ui.countUnit.textContent = ngettext("rep", "reps", s.reps);
    ui.ring.style.strokeDashoffset = "0";
  }
  if (timed && !state.paused && whole !== state.lastWhole) {
    if (whole >= 1 && whole <= 3 && state.lastWhole !== null) beep(whole === 1 ? 880 : 660, 0.1);
    state.lastWhole = whole;
  }

  setPoseProgress(poseProgressFor(s.kind, elapsedMs(), timed ? durationMs() : 0));

  ui.done.hidden = s.kind !== "reps";
  ui.more.disabled = !timed;
  ui.pause.textContent = state.paused ? gettext("Resume") : gettext("Pause");
  ui.pause.setAttribute("aria-pressed", String(state.paused));

  const following = steps[state.index + 1];
  ui.next.textContent = following
    ? interpolate(gettext("Next up: %(step)s"), { step: describeStep(following) })
    : gettext("Next up: your summary");

  // Whole-session progress, by the timeline's estimates.
  let doneSeconds = 0;
  for (let i = 0; i < state.index; i += 1) doneSeconds += steps[i].estimate_seconds;
  const current = Math.min(elapsedMs() / 1000, s.estimate_seconds);
  const progressed = Math.min(data.total_seconds, doneSeconds + current);
  ui.progress.value = progressed;
  ui.progress.max = data.total_seconds || 1;
  const exerciseNumber = s.exercise + 1;
  ui.position.textContent = interpolate(gettext("Exercise %(number)s of %(total)s"), { number: exerciseNumber, total: exercises.length });
  ui.remaining.textContent = interpolate(gettext("about %(time)s left"), { time: minutesText(data.total_seconds - progressed) });
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
  ui.mute.setAttribute("aria-pressed", String(isMuted()));
  ui.startBox.hidden = false;
  ui.start.addEventListener("click", start);
  ui.pause.addEventListener("click", togglePause);
  ui.done.addEventListener("click", done);
  ui.skip.addEventListener("click", skip);
  ui.back.addEventListener("click", back);
  ui.more.addEventListener("click", addTime);
  ui.finish.addEventListener("click", finishEarly);
  ui.mute.addEventListener("click", () => {
    setMuted(!isMuted());
    ui.mute.setAttribute("aria-pressed", String(isMuted()));
  });
  initSummary({ data, ui, csrfToken: root.dataset.csrf });
  document.addEventListener("keydown", onKey);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && state.phase === "playing") {
      if (!state.paused) keepAwake();
      tick(); // catch up at once after the tab slept
    }
  });
  window.addEventListener("beforeunload", (event) => {
    if (state.phase === "playing" || hasUnsavedResults()) event.preventDefault();
  });
  // Pictures live in <template>s, which do not load them: fetch them now, so the session
  // needs no network once it has started.
  // A <picture> offers WebP first: fetch that one where the browser shows it.
  const webp = document.createElement("canvas").toDataURL("image/webp").startsWith("data:image/webp");
  for (const template of document.querySelectorAll("template[id^='player-media-']")) {
    for (const picture of template.content.querySelectorAll("picture")) {
      const source = webp && picture.querySelector("source[type='image/webp']");
      new Image().src = source ? source.srcset : picture.querySelector("img").src;
    }
    for (const img of template.content.querySelectorAll("img:not(picture img)")) new Image().src = img.src;
  }
  render();
}

init();
