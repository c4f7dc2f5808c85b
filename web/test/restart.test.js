import { test } from "node:test";
import assert from "node:assert/strict";
import { bot, mountView } from "./helpers.js";

const restarts = (calls) => calls.filter(([name]) => name === "restart").length;

test("Restart asks first, saying the summary goes too; Keep it deletes nothing", () => {
  const { root, view, calls } = mountView();
  view.renderMessage(bot("Summary for your doctor:\n- Where: left calf"), { live: true });
  root.querySelector(".tw-restart").click();
  const confirm = root.querySelector(".tw-confirm");
  assert.equal(confirm.hidden, false);
  assert.match(confirm.textContent, /deletes this conversation.*summary for your doctor/);
  assert.equal(restarts(calls), 0, "nothing deleted by the first tap");
  assert.equal(root.querySelector(".tw-restart").getAttribute("aria-expanded"), "true");
  root.querySelector(".tw-confirm-no").click();
  assert.equal(confirm.hidden, true);
  assert.equal(restarts(calls), 0);
});

test("Delete and start again restarts once", () => {
  const { root, calls } = mountView();
  root.querySelector(".tw-restart").click();
  root.querySelector(".tw-confirm-yes").click();
  assert.equal(restarts(calls), 1);
  assert.equal(root.querySelector(".tw-confirm").hidden, true);
});

test("Escape backs out of the question without closing the chat", () => {
  const { root, view, calls } = mountView();
  view.open({ focus: false });
  root.querySelector(".tw-restart").click();
  const panel = root.querySelector(".tw-panel");
  panel.dispatchEvent(new panel.ownerDocument.defaultView.KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
  assert.equal(root.querySelector(".tw-confirm").hidden, true);
  assert.equal(view.isOpen, true);
  assert.equal(restarts(calls), 0);
});
