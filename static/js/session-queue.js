// Sessions that could not be saved (offline, server trouble) wait in localStorage and are
// sent again while the page stays open (with backoff, see keepSending) and the next time a
// player or history page opens. Each carries the UUID its client chose, so sending it twice
// stores it once: the server answers 201 the first time, 200 after. A session the server
// refuses (a 4xx other than signed-out or too-many-requests) stays, marked with the reason,
// which the page shows beside it with a button to remove it.
//
// Used two ways:
// - imported by the player (static/js/player.js), which calls queueSession() and
//   flushPendingSessions() itself;
// - loaded on its own by a page holding an element with [data-session-queue] (and its
//   data-save-url, data-csrf): it flushes on load and says so in that element.

import { gettext, interpolate, ngettext } from "./i18n.js";

export const QUEUE_KEY = "forge.pendingSessions";
const DEFAULT_SAVE_URL = "/api/v1/sessions/";

// Whose sessions this page may send: the signed-in member (data-queue-owner on the page).
// On a shared device, a session kept for one member is never sent as another's.
function currentOwner() {
  const element = document.querySelector("[data-queue-owner]");
  return element ? element.dataset.queueOwner || "" : "";
}

function ownQueue() {
  const owner = currentOwner();
  return owner ? readQueue().filter((entry) => entry.owner === owner) : [];
}

function readQueue() {
  try {
    const entries = JSON.parse(localStorage.getItem(QUEUE_KEY) || "[]");
    return Array.isArray(entries) ? entries.filter((e) => e && e.payload && e.payload.id) : [];
  } catch {
    return [];
  }
}

function writeQueue(entries) {
  try {
    if (entries.length) localStorage.setItem(QUEUE_KEY, JSON.stringify(entries));
    else localStorage.removeItem(QUEUE_KEY);
    return true;
  } catch {
    return false; // storage full or disabled
  }
}

export function pendingSessions() {
  return ownQueue();
}

/** Keep a session to send later. Returns false when the browser will not store it. */
export function queueSession(payload, saveUrl = DEFAULT_SAVE_URL) {
  const entries = readQueue().filter((entry) => entry.payload.id !== payload.id);
  entries.push({ payload, saveUrl, owner: currentOwner(), queuedAt: new Date().toISOString() });
  return writeQueue(entries);
}

export function forgetSession(id) {
  writeQueue(readQueue().filter((entry) => entry.payload.id !== id));
}

export function csrfFromCookie() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

/** Seconds from a Retry-After header (a number of seconds or an HTTP date), or 0. */
function retryAfterSeconds(response) {
  const value = response.headers.get("Retry-After");
  if (!value) return 0;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const when = Date.parse(value);
  return Number.isNaN(when) ? 0 : Math.max(0, (when - Date.now()) / 1000);
}

/** POST one session. Resolves to {ok, status, data, retryAfter}; rejects only on a network
 * error. */
export async function postSession(payload, { saveUrl = DEFAULT_SAVE_URL, csrfToken = "" } = {}) {
  const response = await fetch(saveUrl, {
    method: "POST",
    credentials: "same-origin",
    headers: {
      "Content-Type": "application/json",
      Accept: "application/json",
      "X-CSRFToken": csrfToken || csrfFromCookie(),
    },
    body: JSON.stringify(payload),
  });
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  return {
    ok: response.status === 201 || response.status === 200,
    status: response.status,
    data,
    retryAfter: retryAfterSeconds(response),
  };
}

/**
 * What to do with a session after an answer (null: a network error):
 * "stored" (201, 200); "later" when sending it again may work — no connection, the server
 * busy or down (5xx, 503 while its database restarts), too many requests (429), signed out
 * (401, 403); "refused" for any other 4xx: the session itself is wrong, sending it again
 * cannot help, and the reason is shown beside it.
 */
export function classify(answer) {
  if (answer === null) return "later";
  if (answer.ok) return "stored";
  if ([401, 403, 408, 425, 429].includes(answer.status) || answer.status >= 500) return "later";
  return "refused";
}

/** The server's reason for refusing a session, in one sentence. */
export function refusalText(answer) {
  const data = answer && answer.data;
  const errors = data && data.errors ? Object.values(data.errors).flat() : [];
  if (errors.length) return errors.join(" ");
  if (data && data.detail) return String(data.detail);
  return interpolate(gettext("The server refused it (error %(status)s)."), { status: answer ? answer.status : "?" });
}

function markRefused(id, answer) {
  const entries = readQueue().map((entry) =>
    entry.payload.id === id
      ? { ...entry, refused: { status: answer.status, reason: refusalText(answer) } }
      : entry,
  );
  writeQueue(entries);
}

let flushing = null;

/**
 * Send every queued session of this member once (refused ones excepted: they wait for the
 * member). Stored ones leave the queue; refused ones stay, marked with the reason; the rest
 * stay for the next try. Resolves to {stored, refused, left, retryAfter, storedIds}.
 */
export function flushPendingSessions({ saveUrl, csrfToken = "" } = {}) {
  if (flushing) return flushing;
  flushing = (async () => {
    const result = { stored: 0, refused: 0, left: 0, retryAfter: 0, storedIds: [] };
    for (const entry of ownQueue()) {
      if (entry.refused) {
        result.refused += 1;
        continue;
      }
      let answer = null;
      try {
        answer = await postSession(entry.payload, {
          saveUrl: saveUrl || entry.saveUrl || DEFAULT_SAVE_URL,
          csrfToken,
        });
      } catch {
        answer = null;
      }
      const outcome = classify(answer);
      if (outcome === "stored") {
        forgetSession(entry.payload.id);
        result.stored += 1;
        result.storedIds.push(entry.payload.id);
      } else if (outcome === "refused") {
        markRefused(entry.payload.id, answer);
        result.refused += 1;
      } else {
        result.left += 1;
        if (answer) result.retryAfter = Math.max(result.retryAfter, answer.retryAfter);
      }
    }
    if (result.storedIds.length) {
      document.dispatchEvent(new CustomEvent("forge:sessions-saved", { detail: result }));
    }
    return result;
  })().finally(() => {
    flushing = null;
  });
  return flushing;
}

// Backoff between tries while sessions wait: 2 s, 4 s, 8 s … up to a minute, never sooner
// than the server's Retry-After; back to 2 s after a try that stored something.
export const RETRY_FIRST_MS = 2000;
export const RETRY_MAX_MS = 60000;
let retryDelay = RETRY_FIRST_MS;
let retryTimer = null;
let retryOptions = {};
const listeners = new Set();

function nextDelay(result) {
  if (result.stored) retryDelay = RETRY_FIRST_MS;
  const delay = Math.max(retryDelay, result.retryAfter * 1000);
  retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
  return delay;
}

async function tryNow() {
  clearTimeout(retryTimer);
  retryTimer = null;
  const result = await flushPendingSessions(retryOptions);
  let delay = 0;
  if (result.left) {
    delay = nextDelay(result);
    retryTimer = setTimeout(tryNow, delay);
  } else {
    retryDelay = RETRY_FIRST_MS;
  }
  for (const listener of listeners) listener(result, delay);
  return result;
}

/**
 * Keep sending this member's queued sessions while the page is open: now, then with backoff
 * while any wait, and at once when the browser says it is back online. `onResult(result,
 * delayMs)` hears each try (delayMs 0: no further try planned).
 */
export function keepSending(options = {}, onResult = null) {
  retryOptions = { ...retryOptions, ...options };
  if (onResult) listeners.add(onResult);
  return tryNow();
}

window.addEventListener("online", () => {
  if (!ownQueue().some((entry) => !entry.refused)) return;
  // A try still under way began with no connection and will fail: try again once it ends,
  // rather than waiting out its backoff.
  (flushing || Promise.resolve()).then(() => tryNow());
});

/** A sentence about a try, or "" when there was nothing to say. */
export function describeFlush({ stored, refused, left }, delayMs = 0) {
  const parts = [];
  if (stored) {
    parts.push(
      interpolate(
        ngettext(
          "%(count)s session kept on this device earlier is now saved to your log.",
          "%(count)s sessions kept on this device earlier are now saved to your log.",
          stored,
        ),
        { count: stored },
      ),
    );
  }
  if (refused) {
    parts.push(
      interpolate(
        ngettext(
          "%(count)s session kept on this device could not be saved; the reason is shown beside it.",
          "%(count)s sessions kept on this device could not be saved; the reason is shown beside each.",
          refused,
        ),
        { count: refused },
      ),
    );
  }
  if (left) {
    const text = interpolate(
      ngettext(
        "%(count)s session still waits on this device, as Forge cannot save it just now.",
        "%(count)s sessions still wait on this device, as Forge cannot save them just now.",
        left,
      ),
      { count: left },
    );
    const when = delayMs
      ? ` ${interpolate(gettext("Forge tries again in %(seconds)s s."), { seconds: Math.round(delayMs / 1000) })}`
      : "";
    parts.push(text + when);
  }
  return parts.join(" ");
}

function sessionLabel(payload) {
  const started = new Date(payload.started_at);
  const locale = (globalThis.document && document.documentElement.lang) || undefined;
  const when = Number.isNaN(started.getTime())
    ? gettext("A session")
    : interpolate(gettext("Session of %(when)s"), {
        when: started.toLocaleString(locale, { dateStyle: "medium", timeStyle: "short" }),
      });
  const count = (payload.entries || []).length;
  return interpolate(ngettext("%(when)s, %(count)s result", "%(when)s, %(count)s results", count), { when, count });
}

function renderQueue(box, result, delayMs) {
  const parts = [];
  const text = describeFlush(result, delayMs);
  if (text) {
    const summary = document.createElement("p");
    summary.textContent = text;
    if (result.stored) {
      // On the history page itself a reload shows them; elsewhere, a link to it.
      const link = document.createElement("a");
      const history = box.dataset.historyUrl;
      link.href = history || window.location.href;
      link.textContent = history
        ? gettext("See your history")
        : ngettext("Reload to see it", "Reload to see them", result.stored);
      summary.append(" ", link, ".");
    }
    parts.push(summary);
  }
  const waiting = ownQueue();
  if (waiting.length) {
    const list = document.createElement("ul");
    list.className = "queue-rows";
    for (const entry of waiting) {
      const row = document.createElement("li");
      row.className = entry.refused ? "queue-row queue-row-refused" : "queue-row";
      row.dataset.sessionId = entry.payload.id;
      const label = document.createElement("span");
      label.textContent = `${sessionLabel(entry.payload)}: `;
      const state = document.createElement("span");
      state.className = "queue-row-state";
      if (entry.refused) {
        state.textContent = interpolate(gettext("not saved. %(reason)s"), { reason: entry.refused.reason });
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "button button-secondary button-small";
        remove.textContent = gettext("Remove from this device");
        remove.addEventListener("click", () => {
          forgetSession(entry.payload.id);
          row.remove();
        });
        row.append(label, state, " ", remove);
      } else {
        state.textContent = gettext("waiting to be saved.");
        row.append(label, state);
      }
      list.append(row);
    }
    parts.push(list);
  }
  if (!parts.length) return;
  box.replaceChildren(...parts);
  box.hidden = false;
}

function flushOnLoad() {
  const box = document.querySelector("[data-session-queue]");
  if (!box || !ownQueue().length) return;
  keepSending(
    { saveUrl: box.dataset.saveUrl || DEFAULT_SAVE_URL, csrfToken: box.dataset.csrf || "" },
    (result, delayMs) => renderQueue(box, result, delayMs),
  );
}

flushOnLoad();
