// A template of the edition's words (or of the link grammar's notices) with its values filled in: each
// `{name}` the values hold is replaced, any other placeholder stays, and the values are not read again as
// placeholders. The edition's page (edition.js and the modules it draws with) and link.js share it.
export function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (all, key) => (Object.hasOwn(values, key) ? String(values[key]) : all));
}
