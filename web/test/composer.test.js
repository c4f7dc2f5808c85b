import { test } from "node:test";
import assert from "node:assert/strict";
import { isSendKey } from "../src/composer.js";
import { mountView } from "./helpers.js";

test("Enter sends; Shift+Enter, an IME's Enter and other keys do not", () => {
  const cases = [
    [{ key: "Enter" }, true],
    [{ key: "Enter", shiftKey: true }, false],
    [{ key: "Enter", isComposing: true }, false],
    [{ key: "Enter", keyCode: 229 }, false], // Safari's composing Enter
    [{ key: "a" }, false],
    [{ key: "Enter", ctrlKey: true }, true],
  ];
  for (const [event, expected] of cases) assert.equal(isSendKey(event), expected, JSON.stringify(event));
});

test("the message box is a one-row textarea that keeps the 2,000 character limit", () => {
  const { root } = mountView();
  const input = root.querySelector("#tw-input");
  assert.equal(input.tagName, "TEXTAREA");
  assert.equal(input.getAttribute("rows"), "1");
  assert.equal(input.getAttribute("maxlength"), "2000");
  assert.equal(root.querySelector(`label[for="tw-input"]`).textContent, "Your message");
});
