// Name the muscle under the pointer or keyboard focus on a linked muscle map.
for (const map of document.querySelectorAll(".mm-map--links")) {
  const caption = map.querySelector("[data-mm-caption]");
  if (!caption) continue;
  const resting = caption.textContent;
  const show = (event) => {
    const link = event.target.closest("a.mm-link");
    if (!link) return;
    const title = link.querySelector("title");
    caption.textContent = title ? title.textContent : link.getAttribute("aria-label");
    map.classList.add("mm-map--naming");
  };
  const hide = (event) => {
    if (event.relatedTarget && map.contains(event.relatedTarget)) return;
    caption.textContent = resting;
    map.classList.remove("mm-map--naming");
  };
  map.addEventListener("mouseover", show);
  map.addEventListener("focusin", show);
  map.addEventListener("mouseout", hide);
  map.addEventListener("focusout", hide);
}
