// The interface's words in the page's language. base.html loads Django's JavaScript
// catalogue (jsi18n/) before any module; it defines gettext, ngettext and pgettext. Without
// it (a page that does not load it), the English text is used as it stands.

const catalogue = globalThis;

export function gettext(msgid) {
  return typeof catalogue.gettext === "function" ? catalogue.gettext(msgid) : msgid;
}

export function ngettext(singular, plural, count) {
  if (typeof catalogue.ngettext === "function") return catalogue.ngettext(singular, plural, count);
  return count === 1 ? singular : plural;
}

// "%(name)s" placeholders filled from an object, as Django's interpolate(text, values, true).
export function interpolate(text, values) {
  return text.replace(/%\((\w+)\)s/g, (match, name) => (name in values ? String(values[name]) : match));
}
