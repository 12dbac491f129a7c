// Sessions that could not be saved (offline, server trouble) wait in IndexedDB
// (static/js/queue-core.js), filed under the signed-in member's offline tag, and are sent
// again: while a page is open (with backoff, see keepSending, and at once when the browser is
// back online), by the service worker through Background Sync where the browser has it, and
// the next time a Forge page opens. Each carries the UUID its client chose, so sending it
// twice stores it once: the server answers 201 the first time, 200 after. A session the
// server refuses (a 4xx other than signed-out, another member or too-many-requests) stays,
// marked with the reason, which the page shows beside it with a button to remove it.
//
// Used two ways:
// - imported by the player (static/js/player/summary.js), which calls queueSession() and
//   keepSending() itself, and by static/js/pwa.js, which sends on every member's page;
// - on a page holding an element with [data-session-queue] (history, player), it lists the
//   member's waiting sessions there ("waiting to sync") and says what each try did.

import "./queue-core.js";
import { gettext, interpolate, ngettext } from "./i18n.js";

const core = self.forgeQueue;
export const { classify, refusalText } = core;
// Where sessions waited before they moved to IndexedDB; moved on the first page load.
export const LEGACY_QUEUE_KEY = "forge.pendingSessions";
export const SYNC_TAG = "forge-sessions";

/** The signed-in member's offline tag (forge.lib.members), "" for a visitor. */
export function currentMember() {
  const meta = document.querySelector('meta[name="forge-member"]');
  return meta ? meta.content : "";
}

export function csrfFromCookie() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

/** Move the sessions the page used to keep in localStorage (filed under the member's id,
 * data-queue-owner) into IndexedDB under the member's tag; other members' stay put. */
async function migrateLegacy(member) {
  let entries;
  try {
    entries = JSON.parse(localStorage.getItem(LEGACY_QUEUE_KEY) || "[]");
  } catch {
    return;
  }
  if (!Array.isArray(entries) || !entries.length) return;
  const element = document.querySelector("[data-queue-owner]");
  const legacyOwner = element ? element.dataset.queueOwner : "";
  if (!legacyOwner) return;
  const rest = [];
  for (const entry of entries) {
    if (entry && entry.payload && entry.payload.id && entry.owner === legacyOwner) {
      await core.putSession({ ...entry, owner: member, csrf: "" });
      if (entry.refused) await core.markRefused(entry.payload.id, entry.refused);
    } else if (entry && entry.payload) {
      rest.push(entry);
    }
  }
  if (rest.length) localStorage.setItem(LEGACY_QUEUE_KEY, JSON.stringify(rest));
  else localStorage.removeItem(LEGACY_QUEUE_KEY);
}

let ready = null;
function whenReady() {
  const member = currentMember();
  if (!ready) ready = member ? migrateLegacy(member).catch(() => {}) : Promise.resolve();
  return ready;
}

/** This member's kept sessions. */
export async function pendingSessions() {
  const member = currentMember();
  if (!member) return [];
  await whenReady();
  try {
    return await core.listSessions(member);
  } catch {
    return [];
  }
}

/** Ask the service worker to send the queue when the connection returns (Background Sync),
 * where the browser has it. */
function askForSync() {
  if (!("serviceWorker" in navigator) || !navigator.serviceWorker.controller) return;
  navigator.serviceWorker.ready
    .then((registration) => registration.sync && registration.sync.register(SYNC_TAG))
    .catch(() => {});
}

/** Keep a session to send later. Resolves to false when the browser will not store it (or
 * nobody is signed in). */
export async function queueSession(payload, saveUrl = core.DEFAULT_SAVE_URL, csrfToken = "") {
  const member = currentMember();
  if (!member) return false;
  try {
    await whenReady();
    await core.putSession({ payload, owner: member, saveUrl, csrf: csrfFromCookie() || csrfToken });
  } catch {
    return false; // storage full or disabled
  }
  // With no connection, the service worker sends it when the connection returns, even if
  // this page is closed by then. Otherwise (server trouble) the page's own tries and the next
  // visit do: a background send would race them for nothing.
  if (!navigator.onLine) askForSync();
  return true;
}

export function forgetSession(id) {
  return core.deleteSession(id).catch(() => {});
}

/** POST one session for the signed-in member (see queue-core's postSession). */
export function postSession(payload, { saveUrl = core.DEFAULT_SAVE_URL, csrfToken = "" } = {}) {
  return core.postSession(payload, {
    saveUrl,
    csrfToken: csrfFromCookie() || csrfToken,
    owner: currentMember(),
  });
}

function announce(result) {
  if (result.storedIds.length) {
    document.dispatchEvent(new CustomEvent("forge:sessions-saved", { detail: result }));
  }
}

let flushing = null;

/**
 * Send every queued session of this member once. Resolves to
 * {stored, refused, left, offline, retryAfter, storedIds}.
 */
export function flushPendingSessions({ saveUrl = "", csrfToken = "" } = {}) {
  if (flushing) return flushing;
  const member = currentMember();
  const empty = { stored: 0, refused: 0, left: 0, offline: 0, retryAfter: 0, storedIds: [] };
  if (!member) return Promise.resolve(empty);
  flushing = whenReady()
    // The cookie's token first: a page kept offline may carry one from an older sign-in.
    .then(() => core.flush({ owner: member, saveUrl, csrfToken: csrfFromCookie() || csrfToken }))
    .catch(() => empty)
    .then((result) => {
      announce(result);
      return result;
    })
    .finally(() => {
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

window.addEventListener("online", async () => {
  const waiting = await pendingSessions();
  if (!waiting.some((entry) => !entry.refused)) return;
  // A try still under way began with no connection and will fail: try again once it ends,
  // rather than waiting out its backoff.
  (flushing || Promise.resolve()).then(() => tryNow());
});

/** A sentence about a try, or "" when there was nothing to say. */
export function describeFlush({ stored, refused, left }, delayMs = 0) {
  const parts = [];
  if (stored) {
    parts.push(interpolate(ngettext(
      "%(count)s session kept on this device earlier is now saved to your log.",
      "%(count)s sessions kept on this device earlier are now saved to your log.",
      stored,
    ), { count: stored }));
  }
  if (refused) {
    parts.push(interpolate(ngettext(
      "%(count)s session kept on this device could not be saved; the reason is shown beside it.",
      "%(count)s sessions kept on this device could not be saved; the reason is shown beside each.",
      refused,
    ), { count: refused }));
  }
  if (left) {
    let text = interpolate(ngettext(
      "%(count)s session still waits on this device, as Forge cannot save it just now.",
      "%(count)s sessions still wait on this device, as Forge cannot save them just now.",
      left,
    ), { count: left });
    if (delayMs) {
      const seconds = Math.round(delayMs / 1000);
      text += " " + interpolate(
        gettext("Forge tries again in %(seconds)s s, and as soon as the connection returns."),
        { seconds },
      );
    }
    parts.push(text);
  }
  return parts.join(" ");
}

function sessionLabel(payload) {
  const started = new Date(payload.started_at);
  const count = (payload.entries || []).length;
  if (Number.isNaN(started.getTime())) {
    return interpolate(ngettext("A session, %(count)s result", "A session, %(count)s results", count), { count });
  }
  const when = started.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  return interpolate(
    ngettext("Session of %(when)s, %(count)s result", "Session of %(when)s, %(count)s results", count),
    { when, count },
  );
}

async function renderQueue(box, result, delayMs) {
  const parts = [];
  const text = result ? describeFlush(result, delayMs) : "";
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
  const waiting = await pendingSessions();
  if (waiting.length) {
    const list = document.createElement("ul");
    list.className = "queue-rows";
    for (const entry of waiting) {
      const row = document.createElement("li");
      row.className = entry.refused ? "queue-row queue-row-refused" : "queue-row";
      row.dataset.sessionId = entry.payload.id;
      const label = document.createElement("span");
      label.textContent = interpolate(gettext("%(session)s: "), { session: sessionLabel(entry.payload) });
      const state = document.createElement("span");
      state.className = "queue-row-state";
      if (entry.refused) {
        state.textContent = interpolate(gettext("not saved. %(reason)s"), { reason: entry.refused.reason });
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "button button-secondary button-small";
        remove.textContent = gettext("Remove from this device");
        remove.addEventListener("click", async () => {
          await forgetSession(entry.payload.id);
          row.remove();
        });
        row.append(label, state, " ", remove);
      } else {
        state.textContent = gettext("waiting to sync.");
        row.append(label, state);
      }
      list.append(row);
    }
    parts.push(list);
  }
  if (!parts.length) {
    // Nothing new (another try, say the service worker's, sent them first): keep what was
    // said, drop the rows that have gone.
    for (const list of box.querySelectorAll(".queue-rows")) list.remove();
    box.hidden = !box.childElementCount;
    return;
  }
  box.replaceChildren(...parts);
  box.hidden = false;
}

/** On load: list this member's waiting sessions where the page has a box for them, and
 * start sending them (with no connection, they are listed at once and sent later). */
async function flushOnLoad() {
  if (!currentMember()) return;
  const box = document.querySelector("[data-session-queue]");
  const waiting = await pendingSessions();
  if (!waiting.length) return;
  const options = box
    ? { saveUrl: box.dataset.saveUrl || "", csrfToken: box.dataset.csrf || "" }
    : {};
  if (box) await renderQueue(box, null, 0);
  keepSending(options, box ? (result, delayMs) => renderQueue(box, result, delayMs) : null);
}

// The service worker sent some (Background Sync): say so, as for a try of the page's own.
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.addEventListener("message", (event) => {
    if (!event.data || event.data.type !== "sessions-synced") return;
    const result = event.data.result;
    announce(result);
    const box = document.querySelector("[data-session-queue]");
    if (box && result.stored) renderQueue(box, result, 0);
  });
}

flushOnLoad();
