// What this browser keeps for Forge with no connection, in IndexedDB, shared by the pages
// (static/js/session-queue.js, static/js/pwa.js) and the service worker (templates/pwa/sw.js):
// - "sessions": sessions waiting to be sent, each filed under its member's offline tag;
// - "plans": the plans kept offline on this device, per member (what, since when, how big).
//
// It is a plain script, not a module, so that the service worker can importScripts() it and
// the pages can import it; either way it defines self.forgeQueue. Sessions are sent with the
// UUID their client chose and the member's tag (the Forge-Member header): sending one twice
// stores it once, and a session kept for one member is never stored as another's.

(function () {
  "use strict";

  const DB_NAME = "forge-offline";
  const DB_VERSION = 1;
  const DEFAULT_SAVE_URL = "/api/v1/sessions/";
  let opening = null;

  function request(req) {
    return new Promise((resolve, reject) => {
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }

  function open() {
    if (opening) return opening;
    opening = new Promise((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, DB_VERSION);
      req.onupgradeneeded = () => {
        const db = req.result;
        const sessions = db.createObjectStore("sessions", { keyPath: "id" });
        sessions.createIndex("owner", "owner");
        const plans = db.createObjectStore("plans", { keyPath: "key" });
        plans.createIndex("owner", "owner");
      };
      req.onsuccess = () => {
        const db = req.result;
        // Signing out (Clear-Site-Data) or another tab upgrading closes it: open afresh.
        db.onversionchange = () => db.close();
        db.onclose = () => {
          opening = null;
        };
        resolve(db);
      };
      req.onerror = () => {
        opening = null;
        reject(req.error);
      };
      req.onblocked = () => {
        opening = null;
        reject(new Error("The offline store is blocked by another tab."));
      };
    });
    return opening;
  }

  async function run(storeName, mode, work) {
    const db = await open();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(storeName, mode);
      const store = tx.objectStore(storeName);
      let result;
      Promise.resolve(work(store)).then((value) => {
        result = value;
      }, reject);
      tx.oncomplete = () => resolve(result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error || new Error("aborted"));
    });
  }

  function byOwner(storeName, owner) {
    return run(storeName, "readonly", (store) =>
      owner ? request(store.index("owner").getAll(owner)) : request(store.getAll()),
    );
  }

  // --- Sessions ------------------------------------------------------------------------

  /** The sessions kept for this member (every member's with no owner), oldest first. */
  async function listSessions(owner) {
    const entries = await byOwner("sessions", owner);
    return entries.sort((a, b) => String(a.queuedAt).localeCompare(String(b.queuedAt)));
  }

  /** Keep a session: {payload, owner, saveUrl, csrf}. Replaces one with the same id. */
  function putSession({ payload, owner, saveUrl = DEFAULT_SAVE_URL, csrf = "", queuedAt }) {
    const entry = {
      id: payload.id,
      payload,
      owner,
      saveUrl,
      csrf,
      queuedAt: queuedAt || new Date().toISOString(),
    };
    return run("sessions", "readwrite", (store) => request(store.put(entry)));
  }

  function deleteSession(id) {
    return run("sessions", "readwrite", (store) => request(store.delete(id)));
  }

  function markRefused(id, refused) {
    return run("sessions", "readwrite", async (store) => {
      const entry = await request(store.get(id));
      if (entry) await request(store.put({ ...entry, refused }));
    });
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
   * error. `owner` is the member it is sent for (the Forge-Member header). */
  async function postSession(payload, { saveUrl = DEFAULT_SAVE_URL, csrfToken = "", owner = "" } = {}) {
    const headers = {
      "Content-Type": "application/json",
      Accept: "application/json",
      "X-CSRFToken": csrfToken,
    };
    if (owner) headers["Forge-Member"] = owner;
    const response = await fetch(saveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers,
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
   * (401, 403), or another member signed in on this browser (409); "refused" for any other
   * 4xx: the session itself is wrong, sending it again cannot help, and the reason is shown.
   */
  function classify(answer) {
    if (answer === null) return "later";
    if (answer.ok) return "stored";
    if ([401, 403, 408, 409, 425, 429].includes(answer.status) || answer.status >= 500) return "later";
    return "refused";
  }

  /** The server's reason for refusing a session, in one sentence. */
  function refusalText(answer) {
    const data = answer && answer.data;
    const errors = data && data.errors ? Object.values(data.errors).flat() : [];
    if (errors.length) return errors.join(" ");
    if (data && data.detail) return String(data.detail);
    // The page's catalogue when there is one (static/js/i18n.js); the service worker has
    // none and keeps the English text.
    const gettext = typeof self.gettext === "function" ? self.gettext : (text) => text;
    const status = answer ? answer.status : "?";
    return gettext("The server refused it (error %(status)s).").replace("%(status)s", String(status));
  }

  /**
   * Send each kept session once (of `owner`, or of every member when none is given: the
   * service worker, whose sends carry each session's own tag). Refused ones wait for their
   * member. Resolves to {stored, refused, left, offline, retryAfter, storedIds}: `offline`
   * counts those that met no connection.
   */
  async function flush({ owner = "", csrfToken = "", saveUrl = "" } = {}) {
    const result = { stored: 0, refused: 0, left: 0, offline: 0, retryAfter: 0, storedIds: [] };
    for (const entry of await listSessions(owner)) {
      if (entry.refused) {
        result.refused += 1;
        continue;
      }
      let answer = null;
      try {
        answer = await postSession(entry.payload, {
          saveUrl: saveUrl || entry.saveUrl || DEFAULT_SAVE_URL,
          csrfToken: csrfToken || entry.csrf || "",
          owner: entry.owner,
        });
      } catch {
        answer = null;
      }
      const outcome = classify(answer);
      if (outcome === "stored") {
        await deleteSession(entry.id);
        result.stored += 1;
        result.storedIds.push(entry.id);
      } else if (outcome === "refused") {
        await markRefused(entry.id, { status: answer.status, reason: refusalText(answer) });
        result.refused += 1;
      } else {
        result.left += 1;
        if (answer === null) result.offline += 1;
        else result.retryAfter = Math.max(result.retryAfter, answer.retryAfter);
      }
    }
    return result;
  }

  // --- Plans kept offline --------------------------------------------------------------

  function planKey(owner, id) {
    return `${owner}:${id}`;
  }

  function listPlans(owner) {
    return byOwner("plans", owner);
  }

  /** {owner, id, name, url, version, since, updatedAt, bytes, missing} */
  function putPlan(plan) {
    return run("plans", "readwrite", (store) =>
      request(store.put({ ...plan, key: planKey(plan.owner, plan.id) })),
    );
  }

  function deletePlan(owner, id) {
    return run("plans", "readwrite", (store) => request(store.delete(planKey(owner, id))));
  }

  self.forgeQueue = {
    DEFAULT_SAVE_URL,
    open,
    listSessions,
    putSession,
    deleteSession,
    markRefused,
    postSession,
    classify,
    refusalText,
    flush,
    listPlans,
    putPlan,
    deletePlan,
  };
})();
