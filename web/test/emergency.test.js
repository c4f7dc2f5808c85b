import { test } from "node:test";
import assert from "node:assert/strict";
import { dialable, emergencyNumbers } from "../src/emergency.js";
import { readConfig } from "../src/config.js";
import { bot, mountView } from "./helpers.js";

const EMERGENCY =
  'EMERGENCY: You mentioned "trouble breathing". Call your local emergency number now ' +
  "(for example 999 in the UK, 911 in the US, 112 in the EU).";

test("dialable keeps digits and a leading +, refuses anything else", () => {
  const cases = [
    ["999", "999"],
    [" 112 ", "112"],
    ["+44 (0)20 7946-0000", "+440207946" + "0000"],
    ["000", "000"],
    ["javascript:alert(1)", null],
    ["9", null],
    ["", null],
    [null, null],
    ["999; 911", null],
  ];
  for (const [input, expected] of cases) assert.equal(dialable(input), expected, String(input));
});

test("a configured number is the only one offered", () => {
  assert.deepEqual(emergencyNumbers(readConfig({ emergencyNumber: "000" })), [{ number: "000", label: "Call 000" }]);
});

test("without a configured number the three examples are offered", () => {
  const numbers = emergencyNumbers(readConfig({}));
  assert.deepEqual(numbers.map((n) => n.number), ["999", "911", "112"]);
  assert.deepEqual(numbers.map((n) => n.label), ["Call 999 (UK)", "Call 911 (US)", "Call 112 (EU)"]);
  assert.deepEqual(emergencyNumbers(readConfig({ emergencyNumber: "not a number" })).length, 3);
});

test("an EMERGENCY reply leads with the instruction and a call button for the configured number", () => {
  const { root, view } = mountView({ emergencyNumber: "999" });
  view.renderMessage(bot(EMERGENCY), { live: true });
  const bubble = root.querySelector(".tw-emergency");
  const first = bubble.querySelector(":scope > :not(.tw-sr)");
  assert.equal(first.className, "tw-em-lead", "the instruction comes first");
  assert.equal(first.textContent, "Emergency: Call 999 now.");
  const calls = [...bubble.querySelectorAll("a.tw-call")];
  assert.deepEqual(calls.map((a) => a.getAttribute("href")), ["tel:999"]);
  assert.equal(bubble.getAttribute("role"), "alert");
});

test("with no number configured the card offers 999, 911 and 112", () => {
  const { root, view } = mountView();
  view.renderMessage(bot(EMERGENCY), { live: true });
  const hrefs = [...root.querySelectorAll(".tw-emergency a.tw-call")].map((a) => a.getAttribute("href"));
  assert.deepEqual(hrefs, ["tel:999", "tel:911", "tel:112"]);
  assert.equal(root.querySelector(".tw-em-lead").textContent, "Emergency: Call your local emergency number now.");
});

test('screen readers get "Emergency" once: the bot\'s prefix is replaced by the label', () => {
  const { root, view } = mountView();
  view.renderMessage(bot(EMERGENCY), { live: true });
  const text = root.querySelector(".tw-emergency").textContent;
  assert.equal(text.match(/emergency(?! number| department)/gi).length, 1, text);
  assert.ok(!text.includes("EMERGENCY:"));
  assert.ok(text.includes('You mentioned "trouble breathing"'), "the bot's details follow");
});

test("the emergency bar appears with the first emergency, stays, and goes with a restart", () => {
  const { root, view } = mountView({ emergencyNumber: "112" });
  const bar = root.querySelector(".tw-embar");
  assert.equal(bar.hidden, true);
  view.renderMessage(bot("Muscle twitches are common."), { live: true });
  assert.equal(bar.hidden, true, "no bar without an emergency");
  view.renderMessage(bot(EMERGENCY), { live: true });
  view.renderMessage(bot("Is there anything else?"), { live: true });
  assert.equal(bar.hidden, false);
  assert.equal(bar.querySelector("a").getAttribute("href"), "tel:112");
  assert.equal(bar.closest('[role="log"]'), null, "the bar is not in the live log (not announced)");
  view.clearLog();
  assert.equal(bar.hidden, true);
});

test("a replayed emergency shows the bar but is not announced as an alert", () => {
  const { root, view } = mountView();
  view.renderMessage(bot(EMERGENCY), { live: false });
  assert.equal(root.querySelector(".tw-emergency").hasAttribute("role"), false);
  assert.equal(root.querySelector(".tw-embar").hidden, false);
});

test("URGENT and SEE A DOCTOR replies say their label once, as words", () => {
  const { root, view } = mountView();
  view.renderMessage(bot("SEE A DOCTOR: Please book an appointment."), { live: true });
  view.renderMessage(bot("URGENT: Please get prompt medical advice today."), { live: true });
  const [doctor, urgent] = root.querySelectorAll(".tw-level .tw-text");
  assert.equal(doctor.textContent, "See a doctor: Please book an appointment.");
  assert.equal(urgent.textContent, "Urgent: Please get prompt medical advice today.");
});
