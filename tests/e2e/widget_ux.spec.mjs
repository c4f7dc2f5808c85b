// The widget as a frightened person on a phone meets it: emergency first, reading without
// chasing, night and low vision, touch, safe controls, the doctor summary, honest status and
// axe-core. Runs against tests/e2e/fake_bot.py (`tests/e2e/run.sh ux`), whose scripted
// replies these checks rely on. Screenshots go to results/e2e/.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { VIEWPORTS, ask, eventually, launch, openChat, openPage, screenshot, uncovered } from "./lib.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function withPage(options, body) {
  const page = await openPage(browser, options);
  try {
    await body(page);
    assert.deepEqual(page.errors, [], "no uncaught page errors");
  } finally {
    await page.context().close();
  }
}

describe("emergency first", () => {
  for (const [name, context] of Object.entries(VIEWPORTS)) {
    test(`${name}: one instruction, a call button on screen, the bar stays`, () =>
      withPage({ context, config: { emergencyNumber: "999" } }, async (page) => {
        await openChat(page);
        await ask(page, "I can't breathe properly");
        const call = page.locator(".tw-emergency a.tw-call");
        await call.waitFor();
        assert.equal(await call.count(), 1);
        assert.equal(await call.getAttribute("href"), "tel:999");
        await eventually(() => uncovered(call), "the call button uncovered on screen");
        assert.ok(await uncovered(page.locator(".tw-em-lead")), "the instruction is on screen");
        const box = await call.boundingBox();
        assert.ok(box.height >= 44 && box.width >= 120, `a large target: ${JSON.stringify(box)}`);
        await screenshot(page, `emergency-${name}`);

        for (const text of ["what causes twitching?", "tell me everything", "hello"]) await ask(page, text);
        const barCall = page.locator(".tw-embar a");
        assert.equal(await barCall.getAttribute("href"), "tel:999");
        assert.ok(await uncovered(barCall), "the emergency bar is still on screen after more messages");
        await screenshot(page, `emergency-bar-${name}`);
      }));
  }

  test("no number configured: 999, 911 and 112 as buttons; Emergency said once", () =>
    withPage({ context: VIEWPORTS.phone }, async (page) => {
      await openChat(page);
      await ask(page, "chest pain and I can't swallow");
      const hrefs = await page.locator(".tw-emergency a.tw-call").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
      assert.deepEqual(hrefs, ["tel:999", "tel:911", "tel:112"]);
      const alert = page.locator('[role="alert"]');
      const text = (await alert.textContent()).trim();
      assert.match(text, /^Assistant: Emergency: Call your local emergency number now\./);
      assert.equal(text.match(/emergency(?! number| department)/gi).length, 1, text);
    }));
});
