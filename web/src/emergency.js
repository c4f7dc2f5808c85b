// The emergency card's call buttons and the pinned emergency bar: a frightened person gets
// one short instruction and a number to tap, not a paragraph to read.
import { el, icon } from "./dom.js";

/** The digits (and a leading +) a tel: link dials, or null when `value` is not a phone number. */
export function dialable(value) {
  const compact = String(value ?? "").replace(/[\s().-]/g, "");
  return /^\+?\d{2,15}$/.test(compact) ? compact : null;
}

/** [{number, label}] to offer: the site's configured number, else the common examples. */
export function emergencyNumbers(config) {
  const configured = dialable(config.emergencyNumber);
  if (configured) return [{ number: configured, label: `Call ${String(config.emergencyNumber).trim()}` }];
  return (config.emergencyExamples || [])
    .map(([number, region]) => ({ number: dialable(number), label: `Call ${number} (${region})` }))
    .filter((n) => n.number);
}

/** The card's opening: label, one instruction, and a large call button per number. */
export function emergencyLead(doc, config) {
  const numbers = emergencyNumbers(config);
  const instruction =
    numbers.length === 1 && dialable(config.emergencyNumber)
      ? config.emergencyInstruction.replace("{number}", String(config.emergencyNumber).trim())
      : config.emergencyInstructionGeneric;
  return [
    el(doc, "p", { class: "tw-em-lead" }, [
      icon(doc, "warning"),
      el(doc, "span", {}, [
        el(doc, "strong", { class: "tw-em-label", text: "Emergency" }),
        el(doc, "span", { text: `: ${instruction}` }),
      ]),
    ]),
    el(
      doc,
      "div",
      { class: "tw-calls" },
      numbers.map(({ number, label }) =>
        el(doc, "a", { class: "tw-call", href: `tel:${number}` }, [icon(doc, "phone"), label])
      )
    ),
  ];
}

/** The slim bar pinned above the conversation once an emergency was raised (hidden until then). */
export function emergencyBar(doc, config) {
  return el(doc, "div", { class: "tw-embar", hidden: true }, [
    icon(doc, "warning"),
    el(doc, "span", { class: "tw-embar-text", text: config.emergencyBarText }),
    ...emergencyNumbers(config).map(({ number, label }) =>
      el(doc, "a", { class: "tw-embar-call", href: `tel:${number}`, text: label })
    ),
  ]);
}
