import { test } from "node:test";
import assert from "node:assert/strict";
import { createReplyWatch } from "../src/watch.js";
import { bot, manualClock, mountView, user } from "./helpers.js";

function watched(expectedMs = 3000, graceMs = 5000) {
  const clock = manualClock();
  const late = [];
  const watch = createReplyWatch({ expectedMs, graceMs, onLate: () => late.push(clock.now()), now: clock.now, timers: clock.timers });
  return { clock, late, watch };
}

test("a reply that does not come is noticed a few seconds after the expected time", () => {
  const { clock, late, watch } = watched();
  watch.sent();
  clock.advance(7999);
  assert.deepEqual(late, []);
  clock.advance(1);
  assert.deepEqual(late, [8000]);
});

test("a reply in time clears the watch", () => {
  const { clock, late, watch } = watched();
  watch.sent();
  clock.advance(2000);
  watch.answered();
  clock.advance(60000);
  assert.deepEqual(late, []);
});

test("the expected time is learnt from the conversation's own replies", () => {
  const { clock, late, watch } = watched();
  for (let i = 0; i < 12; i++) {
    watch.sent();
    clock.advance(6000); // a slow server: every reply takes 6 s
    watch.answered();
  }
  assert.ok(watch.deadlineMs > 13000 && watch.deadlineMs <= 14000, `deadline ${watch.deadlineMs}`);
  assert.deepEqual(late, [], "6 s replies are not marked on a server that always takes 6 s");
  const fast = watched();
  for (let i = 0; i < 12; i++) {
    fast.watch.sent();
    fast.clock.advance(200);
    fast.watch.answered();
  }
  assert.equal(fast.watch.deadlineMs, 8000, "never below the configured expectation plus grace");
});

test("Retry's resend restarts the wait but not the reply time", () => {
  const { clock, late, watch } = watched();
  watch.sent();
  clock.advance(8000);
  watch.sent();
  clock.advance(7999);
  assert.equal(late.length, 1);
  clock.advance(1);
  assert.equal(late.length, 2);
});

test('a message is marked "Waiting to send", then "No answer yet - Retry", then cleared', () => {
  const { root, view } = mountView();
  view.renderMessage(bot("Hello"), { live: true });
  const item = view.renderMessage(user("my calf twitches"), { live: true });
  view.setDelivery(item, "queued");
  assert.equal(item.querySelector(".tw-delivery").textContent, "Waiting to send…");
  let retried = 0;
  view.setDelivery(item, "unanswered", () => retried++);
  assert.equal(item.querySelector(".tw-delivery").textContent, "No answer yet - Retry");
  assert.equal(item.querySelectorAll(".tw-delivery").length, 1);
  item.querySelector(".tw-delivery button").click();
  assert.equal(retried, 1);
  view.setDelivery(item, null);
  assert.equal(root.querySelector(".tw-delivery"), null);
});
