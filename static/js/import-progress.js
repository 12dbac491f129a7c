// The admin's import page: follow a queued or running import until it ends, then reload
// the page to show the result. The progress URL comes from the bar's data-url attribute.
const bar = document.getElementById("import-progress");
const stage = document.getElementById("import-stage");
const INTERVAL_MS = 1000;

async function poll() {
  let data;
  try {
    const response = await fetch(bar.dataset.url, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (!response.ok) throw new Error(String(response.status));
    data = await response.json();
  } catch {
    stage.textContent = "Lost contact with the server; trying again…";
    setTimeout(poll, INTERVAL_MS * 3);
    return;
  }
  bar.value = data.percent;
  bar.textContent = `${data.percent} %`;
  stage.textContent = `${data.stage} (${data.percent} %)`;
  if (data.finished) {
    window.location.reload();
  } else {
    setTimeout(poll, INTERVAL_MS);
  }
}

if (bar && stage && bar.dataset.url) {
  setTimeout(poll, INTERVAL_MS);
}
