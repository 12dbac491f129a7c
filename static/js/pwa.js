// On every page: registers the service worker (templates/pwa/sw.js), offers a reload when a
// new release of Forge is ready, and, for a signed-in member, keeps their offline plans up
// to date on this device and fills the badges that say what is kept, since when, and the
// space it takes. Sessions waiting to sync are sent by session-queue.js, imported here so
// that every page of a member sends them ("the next visit").

import { gettext, interpolate } from "./i18n.js";
import { currentMember } from "./session-queue.js";

const core = self.forgeQueue;
const workerMeta = document.querySelector('meta[name="forge-service-worker"]');

function sizeText(bytes) {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} kB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function whenText(iso) {
  const date = new Date(iso);
  return date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

// --- New releases --------------------------------------------------------------------------

const updateBox = document.querySelector("[data-pwa-update]");
let reloading = false;

function offerReload(worker) {
  if (!updateBox) return;
  updateBox.hidden = false;
  const button = updateBox.querySelector("[data-pwa-reload]");
  button.onclick = () => {
    reloading = true;
    button.disabled = true;
    if (worker) worker.postMessage({ type: "SKIP_WAITING" });
    else window.location.reload();
  };
}

function watchForUpdates(registration) {
  // A worker already waiting (installed while this page or another was open).
  if (registration.waiting && navigator.serviceWorker.controller) offerReload(registration.waiting);
  registration.addEventListener("updatefound", () => {
    const worker = registration.installing;
    if (!worker) return;
    worker.addEventListener("statechange", () => {
      // The first worker of all is not an update: nothing to reload.
      if (worker.state === "installed" && navigator.serviceWorker.controller) offerReload(worker);
    });
  });
  const hadController = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (reloading) window.location.reload();
    // Another tab chose the new release: this page still runs the old one until reloaded.
    else if (hadController) offerReload(null);
  });
}

// --- Plans kept offline ------------------------------------------------------------------

async function renderBadges(member) {
  const badges = document.querySelectorAll("[data-offline-badge]");
  const storage = document.querySelectorAll("[data-offline-storage]");
  if (!badges.length && !storage.length) return;
  let kept = [];
  try {
    kept = await core.listPlans(member);
  } catch {
    kept = [];
  }
  const byId = new Map(kept.map((plan) => [String(plan.id), plan]));
  for (const badge of badges) {
    const plan = byId.get(badge.dataset.planId);
    if (!("serviceWorker" in navigator)) {
      badge.textContent = gettext("Kept offline on your other devices; this browser cannot keep pages offline.");
    } else if (plan) {
      badge.textContent = interpolate(gettext("Available offline on this device since %(when)s · %(size)s"), {
        when: whenText(plan.since),
        size: sizeText(plan.bytes),
      });
      badge.classList.add("offline-badge-ready");
    } else {
      badge.textContent = navigator.onLine
        ? gettext("Being saved on this device for offline use…")
        : gettext("Not on this device yet: it is saved the next time you are online.");
      badge.classList.remove("offline-badge-ready");
    }
  }
  if (storage.length) {
    const total = kept.reduce((sum, plan) => sum + (plan.bytes || 0), 0);
    let text = kept.length
      ? interpolate(gettext("Plans kept offline use %(size)s on this device."), { size: sizeText(total) })
      : gettext("No plans are kept on this device yet.");
    if (navigator.storage && navigator.storage.estimate) {
      try {
        const { usage } = await navigator.storage.estimate();
        if (usage) text += " " + interpolate(gettext("Forge uses %(size)s here in all, pages and pictures included."), { size: sizeText(usage) });
      } catch {
        // the estimate is a nicety
      }
    }
    for (const element of storage) element.textContent = text;
  }
}

async function start() {
  const member = currentMember();
  if (member) renderBadges(member);
  if (!("serviceWorker" in navigator) || !workerMeta) return;
  let registration;
  try {
    registration = await navigator.serviceWorker.register(workerMeta.content, { scope: "/" });
  } catch {
    return; // e.g. not a secure context: the site works as before, only not offline
  }
  watchForUpdates(registration);
  if (!member) return;
  navigator.serviceWorker.addEventListener("message", (event) => {
    if (event.data && event.data.type === "plans-updated") renderBadges(member);
  });
  const ready = await navigator.serviceWorker.ready;
  if (navigator.onLine && ready.active) ready.active.postMessage({ type: "sync-plans" });
}

// After the page has loaded: the worker's first install fetches every script and style it
// keeps, which must not compete with the page's own.
if (document.readyState === "complete") start();
else window.addEventListener("load", start, { once: true });
