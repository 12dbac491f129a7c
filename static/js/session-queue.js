// Sessions that could not be saved (offline, server trouble) wait in localStorage and are
// sent again the next time a player or history page opens. Each carries the UUID its client
// chose, so sending it twice stores it once: the server answers 201 the first time, 200 after.
//
// Used two ways:
// - imported by the player (static/js/player.js), which calls queueSession() and
//   flushPendingSessions() itself;
// - loaded on its own by a page holding an element with [data-session-queue] (and its
//   data-save-url, data-csrf): it flushes on load and says so in that element.

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

/** POST one session. Resolves to {ok, status, data}; rejects only on a network error. */
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
  return { ok: response.status === 201 || response.status === 200, status: response.status, data };
}

let flushing = null;

/**
 * Send every queued session once. Stored ones (201, 200) leave the queue, and so do ones the
 * server refuses as invalid (400: sending them again cannot succeed). Network errors, 5xx,
 * and 401/403 (signed out) leave them queued for next time.
 * Resolves to {stored, refused, left}.
 */
export function flushPendingSessions({ saveUrl, csrfToken = "" } = {}) {
  if (flushing) return flushing;
  flushing = (async () => {
    const result = { stored: 0, refused: 0, left: 0 };
    for (const entry of ownQueue()) {
      try {
        const answer = await postSession(entry.payload, {
          saveUrl: saveUrl || entry.saveUrl || DEFAULT_SAVE_URL,
          csrfToken,
        });
        if (answer.ok) {
          forgetSession(entry.payload.id);
          result.stored += 1;
        } else if (answer.status === 400) {
          forgetSession(entry.payload.id);
          result.refused += 1;
        } else {
          result.left += 1;
        }
      } catch {
        result.left += 1;
      }
    }
    return result;
  })().finally(() => {
    flushing = null;
  });
  return flushing;
}

/** A sentence about a flush, or "" when there was nothing to say. */
export function describeFlush({ stored, refused, left }) {
  const parts = [];
  const sessions = (n) => `${n} session${n === 1 ? "" : "s"}`;
  if (stored) parts.push(`${sessions(stored)} kept on this device earlier ${stored === 1 ? "is" : "are"} now saved to your log.`);
  if (refused) parts.push(`${sessions(refused)} kept on this device could not be saved because the server refused ${refused === 1 ? "it" : "them"}.`);
  if (left) parts.push(`${sessions(left)} still ${left === 1 ? "waits" : "wait"} on this device; Forge will try again next time.`);
  return parts.join(" ");
}

async function flushOnLoad() {
  const box = document.querySelector("[data-session-queue]");
  if (!box || !ownQueue().length) return;
  const result = await flushPendingSessions({
    saveUrl: box.dataset.saveUrl || DEFAULT_SAVE_URL,
    csrfToken: box.dataset.csrf || "",
  });
  const text = describeFlush(result);
  if (!text) return;
  box.textContent = text;
  if (result.stored) {
    // On the history page itself a reload shows them; elsewhere, a link to it.
    const link = document.createElement("a");
    const history = box.dataset.historyUrl;
    link.href = history || window.location.href;
    link.textContent = history
      ? "See your history"
      : `Reload to see ${result.stored === 1 ? "it" : "them"}`;
    box.append(" ", link, ".");
  }
  box.hidden = false;
}

flushOnLoad();
