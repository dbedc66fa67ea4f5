// Links of the published edition: reading a link into a view, and writing a view back as a link.
//
// Every rule is the grammar's, computed in Python (dashboard/view/grammar.py, `link_grammar`) and given
// to these functions as data: which keys a link may carry, every value each accepts, the limits, the
// notices. This module only knows how to read the grammar's value types ("one", "list", "record",
// "pair", "integer") and its normalising steps, the same way dashboard/view/link.py reads them for the
// app. A link's values are only ever compared with the grammar's: none reaches a selector or markup.

import {fill} from "./fill.js";

// A character class holding exactly `chars` (each written as a code point escape).
const charClass = (chars) => Array.from(chars, (ch) => `\\u{${ch.codePointAt(0).toString(16)}}`).join("");
// A regular expression of the grammar, matching a whole value.
const whole = (source) => new RegExp(`^(?:${source})$`, "u");
// Lengths in code points, as Python counts them.
const codePoints = (text) => Array.from(text).length;

function reader(grammar) {
  const space = charClass(grammar.space);
  const ends = new RegExp(`^[${space}]+|[${space}]+$`, "gu");
  const normalize = (value, steps) => steps.reduce((text, step) => {
    if (step === "trim") return text.replace(ends, "");
    if (step === "lower") return text.toLowerCase();
    if (step === "nfkc") return text.normalize("NFKC");
    if (step !== null && typeof step === "object" && typeof step.squeeze === "string") {
      return text.replace(new RegExp(`[${charClass(step.squeeze)}]+`, "gu"), " ");
    }
    throw new Error(`link grammar: unknown normalising step ${JSON.stringify(step)}`);
  }, value);
  const drop = new Set(Array.from(grammar.quote.drop));
  // A reader's value made safe to quote: one line, short, no markup characters.
  const shown = (value) => {
    const chars = Array.from(normalize(value, [{squeeze: grammar.space}, "trim"])).filter((ch) => !drop.has(ch));
    const limit = grammar.quote.limit;
    return chars.length <= limit ? chars.join("") : chars.slice(0, limit - 1).join("") + grammar.quote.ellipsis;
  };
  return {normalize, shown};
}

const lookup = (table, key) => (Object.hasOwn(table, key) ? table[key] : undefined);

// The raw link: each key with all its values, in order (`search`: a location's query string).
export function linkParams(search) {
  const params = new Map();
  for (const [key, value] of new URLSearchParams(search)) {
    if (!params.has(key)) params.set(key, []);
    params.get(key).push(value);
  }
  return params;
}

// The view a link asks for, and the text of a notice for each part ignored.
//   params: the link's keys, each with all its values ([key, [value, ...]] pairs, or `linkParams`);
//   grammar: `link_grammar(lang)`, whose notices are in the reader's language;
//   recordIds: the ids of the records a link may select: a list, or an object that maps each id a link
//     may give (current or old) to the record's current id.
// The view has one entry per key of the grammar, in its order: the value asked for, else the default.
export function parseLink(params, grammar, recordIds = []) {
  const {normalize, shown} = reader(grammar);
  const records = new Map(Array.isArray(recordIds) ? recordIds.map((id) => [id, id]) : Object.entries(recordIds));
  const view = {};
  for (const key of grammar.keys) view[key] = structuredClone(grammar.params[key].default);
  const notices = [];
  const say = (notice, values) => notices.push(fill(notice.text, {...values, ...notice.values}));

  const readers = {
    one(rule, value) {
      const key = normalize(value, rule.normalize);
      const found = lookup(rule.aliases, key);
      if (found !== undefined) return found;
      const why = rule.shape && whole(rule.shape).test(key) ? "range" : "form";
      say(rule.notices[why], {value: shown(value)});
      return undefined;
    },
    list(rule, value) {
      const chosen = new Set();
      const bad = [];
      for (const part of value.split(rule.separator)) {
        if (normalize(part, ["trim"]) === "") continue;
        const found = lookup(rule.aliases, normalize(part, rule.normalize));
        if (found !== undefined) chosen.add(found);
        else bad.push(shown(part));
      }
      const picked = rule.order.filter((known) => chosen.has(known));
      if (!bad.length) return picked;
      say(rule.notices.form, {value: bad.join(", ")});
      return picked.length ? picked : undefined;
    },
    record(rule, value) {
      if (records.has(value)) return records.get(value);
      say(rule.notices.form, {value: shown(value)});
      return undefined;
    },
    pair(rule, value) {
      const parts = value.split(rule.separator).map((part) => normalize(part, ["trim"]));
      const number = whole(rule.number);
      if (parts.length !== rule.ranges.length || !parts.every((part) => number.test(part))) {
        say(rule.notices.form, {value: shown(value)});
        return undefined;
      }
      const numbers = parts.map(Number);
      if (!numbers.every((x, i) => rule.ranges[i][0] <= x && x <= rule.ranges[i][1])) {
        say(rule.notices.range, {value: shown(value)});
        return undefined;
      }
      return numbers;
    },
    integer(rule, value) {
      const text = normalize(value, ["trim"]);
      if (!whole(rule.number).test(text)) {
        say(rule.notices.form, {value: shown(value)});
        return undefined;
      }
      const number = Number(text);
      if (!(rule.range[0] <= number && number <= rule.range[1])) {
        say(rule.notices.range, {value: shown(value)});
        return undefined;
      }
      return number;
    },
  };

  for (const [key, values] of params) {
    if (grammar.skip.includes(key)) continue;
    if (!Object.hasOwn(grammar.params, key)) {
      say(grammar.notices.unknown, {value: shown(key)});
      continue;
    }
    if (!values.length) continue;
    if (values.length > 1) say(grammar.notices.repeated, {key, count: values.length});
    const value = values[0];
    if (codePoints(value) > grammar.max_length) {
      say(grammar.notices.too_long, {key, count: codePoints(value)});
      continue;
    }
    const rule = grammar.params[key];
    if (!Object.hasOwn(readers, rule.type)) throw new Error(`link grammar: unknown value type ${rule.type}`);
    const got = readers[rule.type](rule, value);
    if (got !== undefined) view[key] = got;
  }
  return {view, notices};
}

// A query-string part as Python's urlencode(…, safe=",") writes it.
const encoded = (text) => encodeURIComponent(text)
  .replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)
  .replace(/%20/g, "+").replace(/%2C/g, ",");

// The canonical link of a view (its query string, without "?"): the grammar's keys in its order, each
// value written as its type says; what is unset (null) is left out.
export function viewQuery(view, grammar) {
  const written = (rule, value) => {
    if (rule.type === "list") return value.join(rule.separator);
    if (rule.type === "pair") return value.map((x) => x.toFixed(rule.decimals)).join(rule.separator);
    return String(value);
  };
  return grammar.keys
    .filter((key) => view[key] !== null && view[key] !== undefined)
    .map((key) => `${encoded(key)}=${encoded(written(grammar.params[key], view[key]))}`)
    .join("&");
}
