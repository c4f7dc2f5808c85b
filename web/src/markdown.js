// Light Markdown for the bot's messages, built as DOM nodes (text never parsed as HTML):
// **bold**, [label](https://...) links and bare http(s) URLs, "- " / "* " / "1. " lists, and
// "Source:" lines set apart as sources (title in <cite>, section muted).
import { el } from "./dom.js";
import { makeLink, safeHttpUrl } from "./format.js";

const INLINE = /\*\*(?=\S)(.+?)\*\*|\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)|\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING_PUNCTUATION = /[.,;:!?'")\]}]+$/;
const BULLET = /^\s*[-*•]\s+(.*)$/;
const NUMBERED = /^\s*\d{1,2}[.)]\s+(.*)$/;
const SOURCE = /^\s*(Sources?):\s*(.*)$/;

/** Inline text: bold, links and URLs become elements, everything else text nodes. */
export function inline(doc, text, { bold = true } = {}) {
  const nodes = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    const [whole, strong, label, target] = match;
    let end = match.index + whole.length;
    let node = null;
    if (strong !== undefined) {
      node = bold ? el(doc, "strong", {}, inline(doc, strong, { bold: false })) : null;
    } else if (label !== undefined) {
      const href = safeHttpUrl(target);
      node = href ? makeLink(doc, href, label) : null;
    } else {
      let raw = whole;
      const trailing = raw.match(TRAILING_PUNCTUATION);
      if (trailing && !(trailing[0].startsWith(")") && raw.includes("("))) raw = raw.slice(0, -trailing[0].length);
      const href = safeHttpUrl(raw);
      if (href) {
        node = makeLink(doc, href, raw);
        end = match.index + raw.length;
      }
    }
    if (!node) continue;
    nodes.push(doc.createTextNode(text.slice(last, match.index)), node);
    last = end;
  }
  nodes.push(doc.createTextNode(text.slice(last)));
  return nodes;
}

/** "Source: Title (Section); Other title" as a muted source line. */
function sourceLine(doc, label, rest) {
  const parts = rest.split(/\s*;\s*/).filter(Boolean).flatMap((title, i) => {
    const section = title.match(/^(.*?)\s*\(([^()]+)\)$/);
    const cite = section
      ? [el(doc, "cite", { text: section[1] }), " ", el(doc, "span", { class: "tw-source-section", text: `(${section[2]})` })]
      : [el(doc, "cite", { text: title })];
    return i ? ["; ", ...cite] : cite;
  });
  return el(doc, "p", { class: "tw-source" }, [el(doc, "span", { class: "tw-source-label", text: `${label}: ` }), ...parts]);
}

/** Blocks (paragraphs, lists, source lines) for a bot message; `lead` nodes open the first block. */
export function formatMessage(doc, text, lead = []) {
  const blocks = [];
  let paragraph = null;
  let list = null;
  for (const line of String(text ?? "").split(/\r?\n/)) {
    const bullet = line.match(BULLET);
    const numbered = !bullet && line.match(NUMBERED);
    const source = line.match(SOURCE);
    if (bullet || numbered) {
      const tag = bullet ? "ul" : "ol";
      if (!list || list.tagName.toLowerCase() !== tag) blocks.push((list = el(doc, tag, { class: "tw-list" })));
      list.append(el(doc, "li", {}, inline(doc, (bullet || numbered)[1])));
      paragraph = null;
    } else if (source) {
      blocks.push(sourceLine(doc, source[1], source[2]));
      paragraph = list = null;
    } else if (!line.trim()) {
      paragraph = list = null;
    } else {
      if (paragraph) paragraph.append(el(doc, "br"));
      else blocks.push((paragraph = el(doc, "p")));
      paragraph.append(...inline(doc, line));
      list = null;
    }
  }
  if (lead.length) {
    if (blocks[0]?.tagName.toLowerCase() === "p" && blocks[0].className !== "tw-source") blocks[0].prepend(...lead);
    else blocks.unshift(el(doc, "p", {}, lead));
  }
  return blocks;
}
