// Turns message text into DOM nodes without ever parsing it as HTML: text goes in
// through text nodes, and the only markup produced is <br> and <a> for http(s) URLs.

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING_PUNCTUATION = /[.,;:!?'")\]}]+$/;

const LEVELS = [
  ["EMERGENCY:", "emergency"],
  ["URGENT:", "urgent"],
  ["SEE A DOCTOR:", "doctor"],
];

/** "emergency" | "urgent" | "doctor" | null, from the bot's text prefix. */
export function severityOf(text) {
  return splitLevel(text).level;
}

/** {level, body}: the triage prefix ("EMERGENCY:", ...) taken off, so its label is said once. */
export function splitLevel(text) {
  const start = String(text || "").trimStart();
  for (const [prefix, level] of LEVELS) {
    if (start.startsWith(prefix)) return { level, body: start.slice(prefix.length).trimStart() };
  }
  return { level: null, body: String(text || "") };
}

/** Whether the message is only its source line(s) ("Source: ...", "Sources: ..."). */
export function isSourceLine(text) {
  return /^\s*Sources?:/.test(String(text || ""));
}

/** A safe http(s) URL string, or null. */
export function safeHttpUrl(candidate) {
  try {
    const url = new URL(candidate);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

export function makeLink(doc, href, label) {
  const a = doc.createElement("a");
  a.href = href;
  a.target = "_blank";
  a.rel = "noopener noreferrer";
  a.textContent = label;
  return a;
}

function appendLine(doc, parent, line) {
  let last = 0;
  for (const match of line.matchAll(URL_PATTERN)) {
    let raw = match[0];
    // Keep sentence punctuation (and a closing bracket) out of the link.
    const trailing = raw.match(TRAILING_PUNCTUATION);
    if (trailing && !(trailing[0].startsWith(")") && raw.includes("("))) {
      raw = raw.slice(0, -trailing[0].length);
    }
    const href = safeHttpUrl(raw);
    if (!href) continue;
    parent.append(doc.createTextNode(line.slice(last, match.index)));
    parent.append(makeLink(doc, href, raw));
    last = match.index + raw.length;
  }
  parent.append(doc.createTextNode(line.slice(last)));
}

/** A DocumentFragment for `text`: newlines become <br>, URLs become links. */
export function formatText(doc, text) {
  const fragment = doc.createDocumentFragment();
  String(text ?? "")
    .split(/\r?\n/)
    .forEach((line, i) => {
      if (i > 0) fragment.append(doc.createElement("br"));
      appendLine(doc, fragment, line);
    });
  return fragment;
}
