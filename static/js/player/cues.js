// The player's cues: beeps (Web Audio), spoken words (speechSynthesis, only where the
// browser has voices), vibration, and the screen wake lock. Muting silences the first three
// and is remembered in localStorage.

const MUTE_KEY = "forge.playerMuted";

let muted = false;
try {
  muted = localStorage.getItem(MUTE_KEY) === "1";
} catch {
  muted = false;
}
let audio = null;

export function startAudio() {
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

export function beep(frequency = 660, seconds = 0.12) {
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

export function speak(text) {
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

export function vibrate(pattern) {
  if (muted || typeof navigator.vibrate !== "function") return;
  try {
    navigator.vibrate(pattern);
  } catch {
    // ignore
  }
}

let wakeLock = null;

export async function keepAwake() {
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

export function letSleep() {
  if (wakeLock) wakeLock.release().catch(() => {});
  wakeLock = null;
}

export function setMuted(value) {
  muted = value;
  try {
    localStorage.setItem(MUTE_KEY, value ? "1" : "0");
  } catch {
    // not remembered, still applied
  }
  if (value && "speechSynthesis" in window) window.speechSynthesis.cancel();
}

export function isMuted() {
  return muted;
}
