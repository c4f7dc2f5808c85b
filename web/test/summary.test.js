import { test } from "node:test";
import assert from "node:assert/strict";
import { parseSummary, summaryText } from "../src/summary.js";
import { bot, mountView } from "./helpers.js";

// The shape of domain.yml's utter_doctor_summary.
const SUMMARY =
  "Summary for your doctor (the history the articles say a doctor will ask about):\n" +
  "- Where: left calf\n- How long: 3 weeks\n- How often: several times a day\n- How it started: gradually\n" +
  "- Other symptoms: none\n- Not present: weakness, numbness\n- Possible triggers: caffeine, stress\n" +
  "- This assistant's suggestion: SEE A DOCTOR (information, not a diagnosis)\n" +
  "Source: Is Muscle Twitching Normal After Exercise?";
const HEADING = "Summary for your doctor";

test("the bot's summary text becomes labelled items and its source", () => {
  const s = parseSummary(SUMMARY, HEADING);
  assert.equal(s.note, "(the history the articles say a doctor will ask about)");
  assert.equal(s.items.length, 8);
  assert.deepEqual(s.items[0], { label: "Where", value: "left calf" });
  assert.deepEqual(s.items[7], { label: "This assistant's suggestion", value: "SEE A DOCTOR (information, not a diagnosis)" });
  assert.deepEqual(s.sources, ["Source: Is Muscle Twitching Normal After Exercise?"]);
});

test("other messages are not summaries", () => {
  for (const text of ["Would you like a short summary to show your doctor?", "Summary for your doctor", "", "- Where: calf"]) {
    assert.equal(parseSummary(text, HEADING), null, text);
  }
});

test("the plain text is dated and keeps every item", () => {
  const ts = new Date(2024, 2, 5, 10, 0).getTime();
  const text = summaryText(parseSummary(SUMMARY, HEADING), ts);
  const lines = text.split("\n");
  assert.match(lines[1], /^Made on .*2024/);
  assert.equal(lines.filter((l) => l.startsWith("- ")).length, 8);
  assert.equal(lines.at(-1), "Source: Is Muscle Twitching Normal After Exercise?");
});

test("the summary renders as a list with Copy and Print; Share only where the Web Share API is", () => {
  const { root, view, doc } = mountView();
  view.renderMessage(bot(SUMMARY), { live: true });
  const card = root.querySelector(".tw-summary");
  assert.equal(card.querySelectorAll("ul.tw-summary-list > li").length, 8);
  assert.ok(!card.textContent.includes("- Where"), "no dash bullets in the text");
  const buttons = () => [...card.querySelectorAll(".tw-summary-actions button")].map((b) => b.textContent);
  assert.deepEqual(buttons(), ["Copy", "Print"]);
  doc.defaultView.navigator.share = async () => {};
  view.renderMessage(bot(SUMMARY), { live: true });
  const second = root.querySelectorAll(".tw-summary")[1];
  assert.deepEqual([...second.querySelectorAll(".tw-summary-actions button")].map((b) => b.textContent), ["Copy", "Share", "Print"]);
});
