// The summary for the doctor as a document: a dated card with a real list, and Copy, Share
// and Print (the print stylesheet then prints this card alone).
import { el } from "./dom.js";

/** {title, note, items: [{label, value}], sources} from the bot's summary text, or null. */
export function parseSummary(text, heading) {
  const lines = String(text || "").split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  if (!lines.length || !lines[0].startsWith(heading)) return null;
  const rest = lines[0].slice(heading.length).replace(/:\s*$/, "").trim();
  const summary = { title: heading, note: rest, items: [], sources: [] };
  for (const line of lines.slice(1)) {
    if (/^[-*•]\s+/.test(line)) {
      const item = line.replace(/^[-*•]\s+/, "");
      const colon = item.indexOf(":");
      summary.items.push(colon > 0 ? { label: item.slice(0, colon), value: item.slice(colon + 1).trim() } : { label: "", value: item });
    } else if (/^Sources?:/.test(line)) summary.sources.push(line);
    else summary.items.push({ label: "", value: line });
  }
  return summary.items.length ? summary : null;
}

export function madeOn(ts) {
  return new Date(ts).toLocaleDateString([], { day: "numeric", month: "long", year: "numeric" });
}

/** The summary as plain text, for the clipboard and sharing. */
export function summaryText(summary, ts) {
  return [
    `${summary.title}${summary.note ? ` ${summary.note}` : ""}`,
    `Made on ${madeOn(ts)}`,
    ...summary.items.map(({ label, value }) => `- ${label ? `${label}: ` : ""}${value}`),
    ...summary.sources,
  ].join("\n");
}

async function copy(win, text) {
  try {
    await win.navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Older browsers, or no permission: the hidden-textarea way.
    const doc = win.document;
    const area = el(doc, "textarea", { class: "tw-sr", "aria-hidden": "true" });
    area.value = text;
    doc.body.append(area);
    area.select();
    const done = doc.execCommand?.("copy") ?? false;
    area.remove();
    return done;
  }
}

/** Prints only `card`: marks it, the widget's host and the page until the print is done. */
function printAlone(win, host, card) {
  const doc = win.document;
  if (!doc.getElementById("twitch-widget-print")) {
    const style = doc.createElement("style");
    style.id = "twitch-widget-print";
    style.textContent = "@media print { html[data-tw-print] body > :not(#twitch-widget) { display: none !important; } }";
    doc.head.append(style);
  }
  const marked = [doc.documentElement, host, card];
  for (const node of marked) node.setAttribute("data-tw-print", "");
  win.addEventListener("afterprint", () => marked.forEach((node) => node.removeAttribute("data-tw-print")), { once: true });
  win.print();
}

/** The summary card; `host` is the widget's shadow host (for printing). */
export function summaryCard(doc, summary, ts, host) {
  const win = doc.defaultView;
  const status = el(doc, "p", { class: "tw-summary-status", role: "status" });
  const say = (text) => {
    status.textContent = text;
  };
  const text = () => summaryText(summary, ts);
  const card = el(doc, "div", { class: "tw-summary" }, [
    el(doc, "h3", { class: "tw-summary-title", text: summary.title }),
    summary.note ? el(doc, "p", { class: "tw-summary-note", text: summary.note }) : "",
    el(doc, "p", { class: "tw-summary-date", text: `Made on ${madeOn(ts)}` }),
    el(doc, "ul", { class: "tw-summary-list" }, summary.items.map(({ label, value }) =>
      el(doc, "li", {}, label ? [el(doc, "strong", { text: `${label}:` }), ` ${value}`] : [value])
    )),
    ...summary.sources.map((s) => el(doc, "p", { class: "tw-source", text: s })),
  ]);
  const actions = el(doc, "div", { class: "tw-summary-actions", role: "group", "aria-label": "The summary" }, [
    el(doc, "button", { type: "button", text: "Copy", onclick: async () => say((await copy(win, text())) ? "Copied." : "Could not copy: select the text and copy it.") }),
    typeof win.navigator.share === "function"
      ? el(doc, "button", { type: "button", text: "Share", onclick: () => win.navigator.share({ title: summary.title, text: text() }).catch(() => {}) })
      : "",
    el(doc, "button", { type: "button", text: "Print", onclick: () => printAlone(win, host, card.closest(".tw-msg") || card) }),
  ]);
  card.append(actions, status);
  return card;
}
