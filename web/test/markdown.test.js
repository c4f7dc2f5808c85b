import { test } from "node:test";
import assert from "node:assert/strict";
import { formatMessage } from "../src/markdown.js";
import { startsTurn, timeLabel } from "../src/time.js";
import { bot, mountView, newDocument, user } from "./helpers.js";

function render(text) {
  const doc = newDocument();
  const box = doc.createElement("div");
  box.append(...formatMessage(doc, text));
  return box;
}

test("**bold** becomes <strong>, never raw asterisks", () => {
  const box = render("Things that **often help** and **more**.");
  assert.deepEqual([...box.querySelectorAll("strong")].map((s) => s.textContent), ["often help", "more"]);
  assert.equal(box.textContent, "Things that often help and more.");
});

test("an unmatched or spaced asterisk stays as written", () => {
  assert.equal(render("2 * 3 = 6 and ** alone").textContent, "2 * 3 = 6 and ** alone");
  assert.equal(render("2 * 3 = 6").querySelectorAll("strong, ul").length, 0);
});

test('"- ", "* " and "1. " lines become real lists', () => {
  const box = render("Try:\n- more sleep\n* less caffeine\nThen:\n1. rest\n2. stretch");
  const lists = [...box.querySelectorAll("ul, ol")];
  assert.deepEqual(lists.map((l) => l.tagName), ["UL", "OL"]);
  assert.deepEqual([...lists[0].children].map((li) => li.textContent), ["more sleep", "less caffeine"]);
  assert.deepEqual([...lists[1].children].map((li) => li.textContent), ["rest", "stretch"]);
  assert.equal(box.children[0].textContent, "Try:");
});

test("[label](https://...) and bare URLs become safe links; other schemes stay text", () => {
  const box = render("Read [the article](https://example.org/a) or https://example.org/b. Not [this](javascript:alert(1)).");
  const links = [...box.querySelectorAll("a")];
  assert.deepEqual(links.map((a) => [a.textContent, a.getAttribute("href")]), [
    ["the article", "https://example.org/a"],
    ["https://example.org/b", "https://example.org/b"],
  ]);
  for (const a of links) assert.equal(a.getAttribute("rel"), "noopener noreferrer");
  assert.ok(box.textContent.includes("[this](javascript:alert(1))"));
});

test("HTML in a message is text, whatever Markdown surrounds it", () => {
  const box = render('**<img src=x onerror="alert(1)">**\n- <script>alert(2)</script>');
  assert.equal(box.querySelectorAll("img, script").length, 0);
  assert.equal(box.querySelector("strong").textContent, '<img src=x onerror="alert(1)">');
  assert.equal(box.querySelector("li").textContent, "<script>alert(2)</script>");
});

test("Source lines are set apart, titles cited, the section muted", () => {
  const box = render("Twitches are common.\nSources: Muscle Twitching: Causes (When to see a doctor); Is Muscle Twitching Normal After Exercise?");
  const source = box.querySelector(".tw-source");
  assert.equal(source.querySelector(".tw-source-label").textContent, "Sources: ");
  assert.deepEqual([...source.querySelectorAll("cite")].map((c) => c.textContent), ["Muscle Twitching: Causes", "Is Muscle Twitching Normal After Exercise?"]);
  assert.equal(source.querySelector(".tw-source-section").textContent, "(When to see a doctor)");
  assert.equal(box.querySelector("p").textContent, "Twitches are common.");
});

test("one time per turn, with the date when it is not today", () => {
  const now = new Date(2025, 5, 10, 12, 0).getTime();
  const minutes = (m) => now + m * 60000;
  assert.equal(startsTurn(null, { from: "bot", ts: now }), true);
  assert.equal(startsTurn({ from: "bot", ts: now }, { from: "bot", ts: minutes(1) }), false);
  assert.equal(startsTurn({ from: "bot", ts: now }, { from: "user", ts: minutes(1) }), true);
  assert.equal(startsTurn({ from: "bot", ts: now }, { from: "bot", ts: minutes(11) }), true);
  assert.doesNotMatch(timeLabel(minutes(-30), now), /\d{4}|Jun|,/);
  assert.match(timeLabel(new Date(2025, 5, 8, 9, 5).getTime(), now), /8.*Jun|Jun.*8/);
  assert.match(timeLabel(new Date(2024, 11, 31, 9, 5).getTime(), now), /2024/);
});

test("in the log, a burst of bot messages carries one time", () => {
  const { root, view } = mountView();
  view.renderMessage(user("hello"), { live: true });
  for (const t of ["one", "two", "three"]) view.renderMessage(bot(t), { live: true });
  view.renderMessage(user("thanks"), { live: true });
  assert.deepEqual([...root.querySelectorAll(".tw-msg")].map((m) => Boolean(m.querySelector("time"))), [true, true, false, false, true]);
});

test("the user's own words are not read as Markdown", () => {
  const { root, view } = mountView();
  view.renderMessage(user("my **left** calf\n- since Monday"), { live: true });
  const text = root.querySelector(".tw-msg--user .tw-text");
  assert.equal(text.querySelectorAll("strong, ul").length, 0);
  assert.equal(text.textContent, "my **left** calf- since Monday");
});
