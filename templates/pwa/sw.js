{% autoescape off %}// Forge's service worker, version {{ version }} (served by forge/pwa.py from this template).
//
// - The site's scripts, styles, icons and the offline page are kept by Workbox's precache,
//   one revision per file: a release that changes any makes a new worker. A new worker waits
//   until the page says the member chose to reload (static/js/pwa.js), so an open page never
//   runs with another release's scripts.
// - Pages: from the network first; with no connection, the copy kept (a plan kept offline,
//   or a public page visited before), else the offline page.
// - Plans kept offline: on a page's request ("sync-plans"), the pages listed at bundleUrl,
//   and the pictures they show, go into one cache per member and plan; plans no longer
//   listed are dropped and their space freed.
// - Sessions saved with no connection (static/js/queue-core.js): sent on Background Sync
//   ("forge-sessions") or when a page asks, each with its own member's tag.
{% for url in workbox %}importScripts("{{ url }}");
{% endfor %}importScripts("{{ queue_core }}");

const CONFIG = {{ config_json }};
const PAGES_CACHE = "forge-pages";
const PICTURES_CACHE = "forge-pictures";
const PLAN_CACHE_PREFIX = "forge-plan-";
const MAX_PAGES = 60;
const MAX_PICTURES = 300;
const core = self.forgeQueue;

workbox.core.setCacheNameDetails({ prefix: "forge", suffix: "" });
workbox.core.clientsClaim();
workbox.precaching.cleanupOutdatedCaches();
workbox.precaching.precacheAndRoute(CONFIG.precache, { ignoreURLParametersMatching: [/.*/] });

const pageExpiration = new workbox.expiration.CacheExpiration(PAGES_CACHE, { maxEntries: MAX_PAGES });
const pictureExpiration = new workbox.expiration.CacheExpiration(PICTURES_CACHE, {
  maxEntries: MAX_PICTURES,
});

self.addEventListener("message", (event) => {
  const type = event.data && event.data.type;
  if (type === "SKIP_WAITING") self.skipWaiting();
  else if (type === "sync-plans") event.waitUntil(syncPlans(event.data.force));
  else if (type === "flush-sessions") event.waitUntil(sendSessions());
  else if (type === "version" && event.ports[0]) event.ports[0].postMessage(CONFIG.version);
});

self.addEventListener("sync", (event) => {
  if (event.tag === "forge-sessions") {
    event.waitUntil(
      sendSessions().then((result) => {
        // Throwing asks the browser to try again later: only worth it when the connection
        // was the trouble.
        if (result.offline) throw new Error("Sessions wait for a connection.");
      }),
    );
  }
});

function isPrivate(url) {
  return CONFIG.privatePrefixes.some((prefix) => url.pathname.startsWith(prefix));
}

async function planCacheNames() {
  return (await caches.keys()).filter((name) => name.startsWith(PLAN_CACHE_PREFIX));
}

/** A copy a cache may hand to a navigation (a followed redirect may not be used as is). */
async function storable(response) {
  return response.redirected ? workbox.core.copyResponse(response) : response;
}

async function keepFresh(request, response) {
  const url = new URL(request.url);
  if (!isPrivate(url)) {
    const cache = await caches.open(PAGES_CACHE);
    await cache.put(url.href, await storable(response.clone()));
    await pageExpiration.updateTimestamp(url.href);
    await pageExpiration.expireEntries();
  }
  // A page of a plan kept offline: keep the newer copy too.
  for (const name of await planCacheNames()) {
    const cache = await caches.open(name);
    if (await cache.match(url.href, { ignoreVary: true })) {
      await cache.put(url.href, await storable(response.clone()));
    }
  }
}

/** The offline page in the language of the page asked for: its path's language prefix
 * (/de/…, /es/…), else the default language's. */
function offlineUrlFor(url) {
  const prefix = url.pathname.split("/")[1];
  const urls = CONFIG.offlineUrls || {};
  return urls[prefix] || CONFIG.offlineUrl;
}

workbox.routing.registerRoute(
  ({ request, url }) => request.mode === "navigate" && url.origin === self.location.origin,
  async ({ request, event }) => {
    try {
      const response = await fetch(request);
      if (response.ok && response.type === "basic" && !response.headers.has("Clear-Site-Data")) {
        event.waitUntil(keepFresh(request, response.clone()).catch(() => {}));
      }
      return response;
    } catch (error) {
      const kept = await caches.match(request.url, { ignoreVary: true, ignoreSearch: false });
      if (kept) return kept;
      const offline = await workbox.precaching.matchPrecache(offlineUrlFor(new URL(request.url)));
      return offline || Response.error();
    }
  },
);

// Pictures: the copy kept (for a plan, or seen before) first, else the network.
workbox.routing.registerRoute(
  ({ request, url }) => request.destination === "image" && url.origin === self.location.origin,
  async ({ request, event }) => {
    const kept = await caches.match(request, { ignoreVary: true });
    if (kept) return kept;
    const response = await fetch(request);
    if (response.ok && response.type === "basic") {
      const copy = response.clone();
      event.waitUntil(
        caches
          .open(PICTURES_CACHE)
          .then((cache) => cache.put(request, copy))
          .then(() => pictureExpiration.updateTimestamp(request.url))
          .then(() => pictureExpiration.expireEntries())
          .catch(() => {}),
      );
    }
    return response;
  },
);

// --- Plans kept offline ------------------------------------------------------------------

const PICTURE_ATTRIBUTE = /\s(?:src|srcset)="([^"]+)"/g;

/** The same-site picture addresses a page shows (src and every srcset candidate). */
function picturesIn(html, base, found) {
  for (const match of html.matchAll(PICTURE_ATTRIBUTE)) {
    for (const candidate of match[1].split(",")) {
      const address = candidate.trim().split(/\s+/)[0];
      if (!address) continue;
      const url = new URL(address.replace(/&amp;/g, "&"), base);
      if (url.origin === self.location.origin && !url.pathname.startsWith("/static/")) {
        found.add(url.href);
      }
    }
  }
}

async function keepPlan(member, plan, known) {
  const cacheName = `${PLAN_CACHE_PREFIX}${member}-${plan.id}`;
  const cache = await caches.open(cacheName);
  const listed = new Set();
  const pictures = new Set();
  let bytes = 0;
  let missing = 0;
  for (const address of plan.urls) {
    const url = new URL(address, self.location.origin).href;
    try {
      const response = await fetch(url, { credentials: "same-origin", cache: "no-cache" });
      if (!response.ok) {
        missing += 1;
        continue;
      }
      const body = await response.clone().blob();
      picturesIn(await body.text(), url, pictures);
      await cache.put(url, await storable(response));
      listed.add(url);
      bytes += body.size;
    } catch {
      missing += 1;
    }
  }
  for (const url of pictures) {
    try {
      let response = await caches.match(url, { ignoreVary: true });
      if (!response) response = await fetch(url, { credentials: "same-origin" });
      if (!response.ok) continue;
      const body = await response.clone().blob();
      await cache.put(url, response);
      listed.add(url);
      bytes += body.size;
    } catch {
      missing += 1;
    }
  }
  for (const request of await cache.keys()) {
    if (!listed.has(request.url)) await cache.delete(request);
  }
  const now = new Date().toISOString();
  await core.putPlan({
    owner: member,
    id: plan.id,
    name: plan.name,
    url: plan.url,
    version: plan.version,
    since: known ? known.since : now,
    updatedAt: now,
    bytes,
    missing,
  });
}

let syncing = null;

/** Bring this browser's copies in line with the member's offline plans. */
function syncPlans(force = false) {
  if (!syncing) {
    syncing = doSyncPlans(force).finally(() => {
      syncing = null;
    });
  }
  return syncing;
}

async function doSyncPlans(force) {
  let answer;
  try {
    answer = await fetch(CONFIG.bundleUrl, {
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "application/json" },
    });
  } catch {
    return; // no connection: keep what is kept
  }
  if (!answer.ok || answer.redirected) return; // signed out
  const { member, plans } = await answer.json();
  // Another member's plans, kept before they left without signing out: not for this one to
  // open. (Their sessions waiting to sync stay: they are sent when that member is back.)
  for (const name of await planCacheNames()) {
    if (!name.startsWith(`${PLAN_CACHE_PREFIX}${member}-`)) await caches.delete(name);
  }
  for (const plan of await core.listPlans("")) {
    if (plan.owner !== member) await core.deletePlan(plan.owner, plan.id);
  }
  const known = new Map((await core.listPlans(member)).map((plan) => [plan.id, plan]));
  const wanted = new Set(plans.map((plan) => plan.id));
  for (const [id] of known) {
    if (!wanted.has(id)) {
      await caches.delete(`${PLAN_CACHE_PREFIX}${member}-${id}`);
      await core.deletePlan(member, id);
    }
  }
  const day = 24 * 3600 * 1000;
  for (const plan of plans) {
    const kept = known.get(plan.id);
    const stale = !kept || kept.version !== plan.version || kept.missing ||
      Date.now() - Date.parse(kept.updatedAt) > day;
    if (force || stale) await keepPlan(member, plan, kept);
  }
  await tellPages({ type: "plans-updated" });
}

// --- Sessions saved with no connection ---------------------------------------------------

async function sendSessions() {
  const result = await core.flush({ saveUrl: CONFIG.saveUrl });
  if (result.stored || result.refused) await tellPages({ type: "sessions-synced", result });
  return result;
}

async function tellPages(message) {
  for (const client of await self.clients.matchAll({ includeUncontrolled: true })) {
    client.postMessage(message);
  }
}
{% endautoescape %}
