// The pose editor in the exercise admin (exercises/admin/pose.py). It turns the pose's JSON
// box into angle inputs per joint and shows a live preview drawn by the server's renderer
// (POST to a staff-only address, with the CSRF token), so the preview is what the site shows.
// Without JavaScript the JSON box still works, and the server checks it on save.

const POSITIONS = ["start", "end"];
const SIDES = ["left", "right"];
const EMPTY = { view: "side", base: "standing", side: "both", start: {}, end: {} };

function el(tag, attrs = {}, text = "") {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  if (text) node.textContent = text;
  return node;
}

function csrfToken(form) {
  const input = form.querySelector("input[name='csrfmiddlewaretoken']");
  return input ? input.value : "";
}

function choice(label, name, options, value) {
  const wrap = el("label", { class: "pose-editor-choice" }, `${label} `);
  const select = el("select", { "data-key": name });
  for (const option of options) {
    const item = el("option", { value: option }, option);
    if (option === value) item.selected = true;
    select.append(item);
  }
  wrap.append(select);
  return wrap;
}

function angleInput(joint, position, side, value) {
  const label = `${position} ${side ? `${side} ` : ""}${joint.name}`;
  return el("input", {
    type: "number",
    step: "5",
    min: String(joint.low),
    max: String(joint.high),
    value: String(value ?? 0),
    "aria-label": label,
    title: `${label}: ${joint.help}`,
    "data-position": position,
    "data-side": side || "",
    "data-joint": joint.name,
  });
}

function setup(textarea) {
  const joints = JSON.parse(textarea.dataset.joints);
  const form = textarea.closest("form");
  let pose;
  try {
    pose = textarea.value.trim() ? JSON.parse(textarea.value) : null;
  } catch {
    return; // leave a broken value to the JSON box and the server's message
  }
  const editor = el("div", { class: "pose-editor" });
  const enable = el("label", { class: "pose-editor-enable" });
  const enabled = el("input", { type: "checkbox" });
  enabled.checked = pose !== null;
  enable.append(enabled, " Draw this exercise");
  const body = el("div", { class: "pose-editor-body" });
  const choices = el("div", { class: "pose-editor-choices" });
  const current = pose || structuredClone(EMPTY);
  choices.append(
    choice("View", "view", joints.views, current.view || "side"),
    choice("Base", "base", joints.bases, current.base),
    choice("Working side", "side", joints.sides, current.side),
  );
  const table = el("table", { class: "pose-editor-table" });
  const head = el("tr");
  head.append(el("th", { scope: "col" }, "Joint"));
  for (const position of POSITIONS) {
    for (const side of SIDES) head.append(el("th", { scope: "col" }, `${position} · ${side}`));
  }
  table.append(head);
  for (const joint of joints.body) {
    const row = el("tr");
    row.append(el("th", { scope: "row", title: joint.help }, joint.name));
    for (const position of POSITIONS) {
      const cell = el("td", { colspan: "2" });
      cell.append(angleInput(joint, position, null, (current[position] || {})[joint.name]));
      row.append(cell);
    }
    table.append(row);
  }
  for (const joint of joints.limbs) {
    const row = el("tr");
    row.append(el("th", { scope: "row", title: joint.help }, joint.name));
    for (const position of POSITIONS) {
      for (const side of SIDES) {
        const cell = el("td");
        const limbs = (current[position] || {})[side] || {};
        cell.append(angleInput(joint, position, side, limbs[joint.name]));
        row.append(cell);
      }
    }
    table.append(row);
  }
  const preview = el("div", { class: "pose-editor-preview", "aria-live": "polite" });
  const errors = el("ul", { class: "errorlist pose-editor-errors", hidden: "" });
  body.append(choices, table, errors, preview);
  editor.append(enable, body);
  textarea.after(editor);
  textarea.classList.add("pose-editor-json");

  function read() {
    const next = { view: "", base: "", side: "", start: {}, end: {} };
    for (const select of choices.querySelectorAll("select")) next[select.dataset.key] = select.value;
    for (const input of table.querySelectorAll("input")) {
      const value = Number(input.value);
      if (!value) continue; // 0 is the default: keep the JSON short
      const target = next[input.dataset.position];
      if (input.dataset.side) {
        target[input.dataset.side] = target[input.dataset.side] || {};
        target[input.dataset.side][input.dataset.joint] = value;
      } else {
        target[input.dataset.joint] = value;
      }
    }
    return next;
  }

  let timer = null;
  let request = 0;
  async function refresh() {
    body.hidden = !enabled.checked;
    if (!enabled.checked) {
      textarea.value = "";
      preview.replaceChildren();
      return;
    }
    const next = read();
    textarea.value = JSON.stringify(next);
    const mine = ++request;
    const response = await fetch(textarea.dataset.previewUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(form) },
      body: textarea.value,
      credentials: "same-origin",
    });
    if (mine !== request) return; // a newer preview is on its way
    const data = await response.json();
    errors.replaceChildren();
    errors.hidden = response.ok;
    if (!response.ok) {
      for (const [path, messages] of Object.entries(data.errors || {})) {
        for (const message of messages) errors.append(el("li", {}, `${path}: ${message}`));
      }
      return;
    }
    const parser = new DOMParser();
    preview.replaceChildren(
      ...POSITIONS.map((position) => {
        const figure = el("figure");
        const doc = parser.parseFromString(data[position], "image/svg+xml");
        figure.append(document.importNode(doc.documentElement, true), el("figcaption", {}, position));
        return figure;
      }),
    );
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 200);
  }
  editor.addEventListener("input", schedule);
  editor.addEventListener("change", schedule);
  body.hidden = !enabled.checked;
  if (enabled.checked) refresh();
}

for (const textarea of document.querySelectorAll("textarea[data-pose-editor]")) setup(textarea);
