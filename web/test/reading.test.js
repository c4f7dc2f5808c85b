import { test } from "node:test";
import assert from "node:assert/strict";
import { createPacer, pauseBetween } from "../src/pacer.js";
import { nextScrollTop } from "../src/scroll.js";
import { isSourceLine } from "../src/format.js";
import { readConfig } from "../src/config.js";
import { manualClock } from "./helpers.js";

function pacedWidget(config = readConfig({})) {
  const clock = manualClock();
  const shown = [];
  const busy = [];
  const pacer = createPacer({
    render: (m) => shown.push([clock.now(), m.text]),
    delay: (lead, next) => pauseBetween(lead, next, config),
    continues: (m) => isSourceLine(m.text),
    onBusy: (b) => busy.push(b),
    now: clock.now,
    timers: clock.timers,
  });
  return { clock, shown, busy, pacer };
}

const msg = (text) => ({ from: "bot", text });
const OUTCOME = "SEE A DOCTOR: Please book an appointment with a doctor, because the twitching has lasted more than two weeks.";

test("the first message of a reply shows at once", () => {
  const { pacer, shown } = pacedWidget();
  pacer.push(msg("Hello"));
  assert.deepEqual(shown, [[0, "Hello"]]);
});

test("after an outcome the next question waits a reading pause; its source line does not", () => {
  const { pacer, shown, clock, busy } = pacedWidget();
  pacer.push(msg(OUTCOME));
  pacer.push(msg("Source: Muscle Twitching (When to see a doctor)"));
  pacer.push(msg("Would you like a short summary to show your doctor?"));
  assert.deepEqual(shown.map((s) => s[1]), [OUTCOME, "Source: Muscle Twitching (When to see a doctor)"]);
  assert.equal(busy.at(-1), true, "the typing indicator shows while the question waits");
  clock.advance(1999);
  assert.equal(shown.length, 2, "not before the minimum pause");
  clock.advance(5000);
  assert.equal(shown.length, 3);
  assert.ok(shown[2][0] >= 2000 && shown[2][0] <= 5000, `question at ${shown[2][0]} ms`);
  assert.equal(busy.at(-1), false);
});

test("ordinary messages of one reply come a short gap apart, in order", () => {
  const { pacer, shown, clock } = pacedWidget();
  for (const t of ["one", "two", "three"]) pacer.push(msg(t));
  clock.advance(5000);
  assert.deepEqual(shown, [[0, "one"], [600, "two"], [1200, "three"]]);
});

test("an emergency never waits: whatever is queued shows with it", () => {
  const { pacer, shown } = pacedWidget();
  pacer.push(msg(OUTCOME));
  pacer.push(msg("Would you like a short summary?"));
  pacer.push(msg("EMERGENCY: Call your local emergency number now."));
  pacer.flush(); // what the widget does for an emergency
  assert.equal(shown.length, 3);
  assert.ok(shown.every(([t]) => t === 0));
  assert.equal(pauseBetween(msg(OUTCOME), msg("EMERGENCY: call"), readConfig({})), 0);
});

test("a reply after an idle spell is not delayed by an old outcome", () => {
  const { pacer, shown, clock } = pacedWidget();
  pacer.push(msg(OUTCOME));
  clock.advance(60000);
  pacer.push(msg("Anything else?"));
  assert.equal(shown.at(-1)[0], 60000);
});

test("the pause grows with the outcome's length, within its bounds", () => {
  const config = readConfig({});
  const short = pauseBetween(msg("URGENT: Get advice today."), msg("next"), config);
  const long = pauseBetween(msg(`URGENT: ${"word ".repeat(30)}`), msg("next"), config);
  const huge = pauseBetween(msg(`URGENT: ${"word ".repeat(500)}`), msg("next"), config);
  assert.deepEqual([short, long, huge], [2000, 31 * 120, 5000]);
});

test("clear drops what waits", () => {
  const { pacer, shown, clock } = pacedWidget();
  pacer.push(msg(OUTCOME));
  pacer.push(msg("question"));
  pacer.clear();
  clock.advance(10000);
  assert.equal(shown.length, 1);
  assert.equal(pacer.waiting, 0);
});

test("scrolling: down to the newest, but never past the reply's start and never up", () => {
  const cases = [
    // [current, replyStart, maxTop, expected]
    [0, 100, 50, 50], // short reply: to the bottom
    [0, 100, 900, 100], // long reply: its start at the top
    [300, 100, 900, 300], // the reader is further down already: stay
    [100, 100, 100, 100],
  ];
  for (const [current, replyStart, maxTop, expected] of cases) {
    assert.equal(nextScrollTop({ current, replyStart, maxTop }), expected, JSON.stringify({ current, replyStart, maxTop }));
  }
});
