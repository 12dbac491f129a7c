// Moves a drawn pose (exercises.poses, rendered by the exercise_pose tag's "player" variant)
// from its start to its end position. The server draws every joint as an SVG group
// (data-joint, data-at) turned by `rotate`; this module only turns those groups by the
// angles blended between start and end, then sets the figure back on the floor (or under
// the bar) with getBBox — the drawing itself stays the server's.
//
// Visitors who prefer reduced motion keep the server's still start/end pair.

// The SVG rotation of each joint is sign × angle (exercises/poses/figure.py, JOINT_SIGNS).
const SIGNS = { trunk: 1, head: 1, shoulder: -1, elbow: -1, wrist: -1, hip: -1, knee: 1, ankle: -1 };
const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

let current = null;

function angleOf(position, joint) {
  const [side, name] = joint.includes(".") ? joint.split(".") : [null, joint];
  const source = side ? position[side] || {} : position;
  return Number(source[name] || 0);
}

// Start the pose found in `container` (the player's media box), if it has one.
export function mountPose(container) {
  current = null;
  const box = container.querySelector(".pose--player[data-pose]");
  if (!box || reducedMotion.matches) return;
  const pose = JSON.parse(box.dataset.pose);
  const figures = box.querySelectorAll(".pose-figure-box");
  if (figures.length < 2) return;
  figures[1].hidden = true;
  const caption = figures[0].querySelector("figcaption");
  if (caption) caption.hidden = true;
  box.classList.add("is-animated");
  const svg = figures[0].querySelector("svg");
  const figure = svg.querySelector(".pose-figure");
  const joints = [...figure.querySelectorAll("[data-joint]")].map((group) => ({
    group,
    name: group.dataset.joint,
    at: group.dataset.at,
  }));
  current = { pose, figure, joints, progress: null };
  setPoseProgress(0);
}

// Show the pose a fraction t (0 = start, 1 = end) of the way through its movement.
export function setPoseProgress(t) {
  if (!current) return;
  const progress = Math.round(Math.min(1, Math.max(0, t)) * 1000) / 1000;
  if (progress === current.progress) return;
  current.progress = progress;
  const { pose, figure, joints } = current;
  for (const joint of joints) {
    const from = angleOf(pose.start, joint.name);
    const to = angleOf(pose.end, joint.name);
    const sign = SIGNS[joint.name.split(".").pop()];
    const degrees = sign * (from + (to - from) * progress);
    const move = joint.at === "0 0" ? "" : `translate(${joint.at}) `;
    joint.group.setAttribute("transform", `${move}rotate(${degrees.toFixed(2)})`);
  }
  const scale = Number(figure.dataset.scale);
  const mirror = figure.dataset.mirror === "1";
  const groundY = Number(figure.dataset.groundY);
  const txStart = Number(figure.dataset.txStart);
  const tx = txStart + (Number(figure.dataset.txEnd) - txStart) * progress;
  const box = figure.getBBox(); // children turned, the figure's own placement not yet
  const onFloor = groundY - (box.y + box.height) * scale;
  let ty = onFloor;
  if (figure.dataset.ground === "bar") ty = groundY - box.y * scale;
  if (figure.dataset.ground === "bench") {
    // On the seat between the two drawn positions, never through the floor.
    const tyStart = Number(figure.dataset.tyStart);
    ty = Math.min(onFloor, tyStart + (Number(figure.dataset.tyEnd) - tyStart) * progress);
  }
  figure.setAttribute(
    "transform",
    `translate(${tx.toFixed(2)} ${ty.toFixed(2)}) scale(${mirror ? -scale : scale} ${scale})`,
  );
}

// How far through its movement the figure is during a player step: into the position over
// the first third of a hold, then held there; for reps, down and back every three seconds.
export function poseProgressFor(kind, elapsedMs, durationMs) {
  if (kind === "hold") {
    const t = durationMs ? Math.min(1, elapsedMs / (durationMs / 3)) : 1;
    return t * t * (3 - 2 * t);
  }
  if (kind === "reps") {
    const phase = (elapsedMs % 3000) / 3000;
    const t = phase < 0.5 ? phase * 2 : 2 - phase * 2;
    return t * t * (3 - 2 * t);
  }
  return 0;
}
