// The offline page (templates/pwa/offline.html): lists what this browser keeps and can open
// with no connection — the plans kept offline, then the other pages visited before.

import "./queue-core.js";
import { gettext, interpolate } from "./i18n.js";

const core = self.forgeQueue;
const PAGES_CACHE = "forge-pages";

function item(href, text, detail) {
  const li = document.createElement("li");
  const link = document.createElement("a");
  link.href = href;
  link.textContent = text;
  li.append(link);
  if (detail) {
    const note = document.createElement("span");
    note.className = "muted small";
    note.textContent = ` ${detail}`;
    li.append(note);
  }
  return li;
}

function fill(list, empty, items) {
  list.replaceChildren(...items);
  list.hidden = !items.length;
  empty.hidden = Boolean(items.length);
}

async function keptPlans() {
  const plans = await core.listPlans("");
  plans.sort((a, b) => a.name.localeCompare(b.name));
  return plans.map((plan) => {
    const since = new Date(plan.since).toLocaleDateString(undefined, { dateStyle: "medium" });
    return item(plan.url, plan.name, interpolate(gettext("· kept since %(since)s"), { since }));
  });
}

/** The title of a kept page, without the site's name. */
async function titleOf(response) {
  const html = await response.text();
  const doc = new DOMParser().parseFromString(html, "text/html");
  const title = (doc.title || "").replace(/\s*[|·]\s*Forge.*$/, "").trim();
  return title || "Forge";
}

async function keptPages() {
  if (!("caches" in window) || !(await caches.has(PAGES_CACHE))) return [];
  const cache = await caches.open(PAGES_CACHE);
  const items = [];
  for (const request of await cache.keys()) {
    const url = new URL(request.url);
    if (url.pathname === window.location.pathname) continue;
    const response = await cache.match(request);
    if (!response) continue;
    items.push(item(url.pathname + url.search, await titleOf(response)));
  }
  return items;
}

async function start() {
  const page = document.querySelector("[data-offline-page]");
  if (!page) return;
  const retry = document.querySelector("[data-offline-retry]");
  if (retry) {
    retry.addEventListener("click", (event) => {
      event.preventDefault();
      window.location.reload();
    });
  }
  const plans = await keptPlans().catch(() => []);
  fill(page.querySelector("[data-offline-plans]"), page.querySelector("[data-offline-plans-empty]"), plans);
  const pages = await keptPages().catch(() => []);
  fill(page.querySelector("[data-offline-pages]"), page.querySelector("[data-offline-pages-empty]"), pages);
}

start();
