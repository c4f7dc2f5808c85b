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

/** Where the message's top is, relative to the visible part of the log (0 = at its top edge). */
const topInLog = (message) =>
  message.evaluate((el) => {
    const log = el.closest(".tw-log").getBoundingClientRect();
    const box = el.getBoundingClientRect();
    return { top: box.top - log.top, logHeight: log.height, height: box.height };
  });

/** Records when each message is added to the log, in page time. */
const recordArrivals = (page) =>
  page.evaluate(() => {
    window.__arrivals = [];
    const log = document.getElementById("twitch-widget").shadowRoot.querySelector(".tw-log");
    new MutationObserver((records) => {
      for (const r of records) for (const n of r.addedNodes) window.__arrivals.push([performance.now(), n.textContent]);
    }).observe(log, { childList: true });
  });

describe("reading, not chasing", () => {
  test("a reply longer than the screen is shown from its start, with the pill", () =>
    withPage({ context: VIEWPORTS.phone }, async (page) => {
      await openChat(page);
      await ask(page, "tell me everything");
      const long = page.locator(".tw-msg--bot").filter({ hasText: "Point 15" });
      await long.waitFor();
      await page.waitForTimeout(300);
      const where = await topInLog(long);
      assert.ok(where.height > where.logHeight, `the reply is longer than the log: ${JSON.stringify(where)}`);
      assert.ok(where.top >= 0 && where.top < 40, `its first line is at the top: ${JSON.stringify(where)}`);
      assert.ok(await uncovered(page.getByRole("button", { name: "New messages" })), "the pill says there is more");
      await screenshot(page, "long-reply-phone");
    }));

  for (const name of ["phone", "phone-200%"]) {
    test(`${name}: an outcome is shown, and stays in view, before the next question`, () =>
      withPage({ context: VIEWPORTS[name] }, async (page) => {
        await openChat(page);
        await recordArrivals(page);
        await ask(page, "my left calf has twitched for three weeks", 3);
        const outcome = page.locator(".tw-doctor");
        const question = page.locator(".tw-msg--bot").filter({ hasText: "Would you like a short summary" });
        await question.waitFor();
        const arrivals = await page.evaluate(() => window.__arrivals);
        const at = (text) => arrivals.find(([, t]) => t.includes(text))[0];
        const pause = at("Would you like a short summary") - at("Please book an appointment");
        assert.ok(pause >= 1900, `the question came ${Math.round(pause)} ms after the outcome`);
        const where = await topInLog(outcome);
        assert.ok(where.top >= -1 && where.top < where.logHeight / 2, `the outcome's start is in view: ${JSON.stringify(where)}`);
        await screenshot(page, `outcome-${name}`);
      }));
  }

  test("a reader who scrolled up stays there; the pill takes them on", () =>
    withPage({ context: VIEWPORTS.phone }, async (page) => {
      await openChat(page);
      await ask(page, "tell me everything");
      const log = page.locator(".tw-log");
      await page.getByRole("textbox", { name: "Your message" }).fill("test: slow reply");
      await page.keyboard.press("Enter");
      await page.waitForTimeout(300);
      await log.hover();
      await page.mouse.wheel(0, -5000); // the reader goes back up while the reply is on its way
      await eventually(() => log.evaluate((el) => el.scrollTop === 0), "the log at its top");
      await page.locator(".tw-msg--bot").filter({ hasText: "here is the slow reply" }).waitFor({ timeout: 20000 });
      await page.waitForTimeout(300);
      assert.equal(await log.evaluate((el) => el.scrollTop), 0, "not pulled down by the reply");
      const pill = page.getByRole("button", { name: "New messages" });
      assert.ok(await uncovered(pill));
      await pill.click();
      assert.ok((await log.evaluate((el) => el.scrollTop)) > 0, "the pill scrolls on");
      for (let i = 0; i < 20 && (await pill.isVisible()); i++) await pill.click();
      assert.equal(await pill.isVisible(), false, "no pill once the newest message is reached");
      const reply = page.locator(".tw-msg--bot").last();
      assert.ok(await uncovered(reply.locator(".tw-text")), "the slow reply is on screen");
    }));
});
