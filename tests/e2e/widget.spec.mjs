// End-to-end test of the chat widget in Debian's Chromium, against a running bot
// (the fake one in tests/e2e/fake_bot.py or the real one from `make run`).
//
//   BOT_URL=http://localhost:5005 PAGE_URL=http://localhost:8080/ node widget.spec.mjs
//
// Env: BOT_URL, PAGE_URL (required); CHROMIUM (default /usr/bin/chromium);
// RESULTS_DIR (default <repo>/results/e2e); E2E_TIMEOUT_MS (whole run, default 60000).
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const BOT_URL = process.env.BOT_URL;
const PAGE_URL = process.env.PAGE_URL;
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const RESULTS_DIR =
  process.env.RESULTS_DIR || fileURLToPath(new URL("../../results/e2e/", import.meta.url));
const TOTAL_MS = Number(process.env.E2E_TIMEOUT_MS || 60000);
const STEP_MS = 15000; // any single wait
const CHROMIUM_FLAGS = [
  "--no-sandbox", // we run as root in CI containers
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

if (!BOT_URL || !PAGE_URL) {
  console.error("Set BOT_URL and PAGE_URL, e.g. BOT_URL=http://localhost:5005 PAGE_URL=http://localhost:8080/");
  process.exit(2);
}
// Nothing may hang: the whole run has a hard deadline.
setTimeout(() => {
  console.error(`not ok - the e2e run took longer than ${TOTAL_MS} ms`);
  process.exit(1);
}, TOTAL_MS).unref();

let browser;
const pageErrors = [];
const step = (name) => console.log(`ok - ${name}`);

function pageFor(botUrl) {
  const url = new URL(PAGE_URL);
  url.searchParams.set("server", botUrl); // the demo page's bot override
  return url.href;
}

async function reachable(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
    return response.ok;
  } catch {
    return false;
  }
}

/** Poll `probe` until it returns a truthy value (bounded). */
async function eventually(probe, what, ms = STEP_MS) {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    last = await probe();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what} (last value: ${JSON.stringify(last)})`);
}

const activeId = (page) =>
  page.evaluate(() => {
    const root = document.getElementById("twitch-widget")?.shadowRoot;
    const el = root?.activeElement;
    return el ? el.id || el.className : null;
  });

async function newPage(context, botUrl) {
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_MS);
  page.on("pageerror", (error) => pageErrors.push(String(error)));
  await page.goto(pageFor(botUrl), { waitUntil: "domcontentloaded" });
  return page;
}

/** The widget's stored server session id. */
function storedSession(page) {
  return page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.startsWith("twitch-widget:"));
    return key ? JSON.parse(localStorage.getItem(key)).sessionId : undefined;
  });
}

async function sendText(page, text) {
  await page.getByRole("textbox", { name: "Your message" }).fill(text);
  await page.keyboard.press("Enter");
}

async function run() {
  assert.ok(await reachable(`${BOT_URL}/status`), `no bot answers at ${BOT_URL}/status`);
  assert.ok(await reachable(PAGE_URL), `no demo page at ${PAGE_URL}`);
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, timeout: STEP_MS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await newPage(context, BOT_URL);

  const launcher = page.getByRole("button", { name: /Ask about muscle twitching/ });
  const dialog = page.getByRole("dialog", { name: "Muscle twitching assistant" });
  const log = page.getByRole("log", { name: "Conversation" });
  const botMessages = page.locator(".tw-msg--bot");
  const userMessages = page.locator(".tw-msg--user");
  const enabledChoices = page.locator(".tw-choice:not([disabled])");

  // Launcher: labelled, collapsed, opens the panel and moves focus to the input.
  await launcher.waitFor();
  assert.equal(await launcher.getAttribute("aria-expanded"), "false");
  await launcher.focus();
  await page.keyboard.press("Enter");
  await dialog.waitFor();
  assert.equal(await activeId(page), "tw-input");
  step("launcher opens the panel by keyboard and focuses the input");

  assert.equal(await log.getAttribute("aria-live"), "polite");
  step('message log is role="log" aria-live="polite"');

  await botMessages.first().waitFor(); // the greeting (initialPayload)
  step("greeting arrives");

  // Record whether the typing indicator shows while the reply is on its way.
  await page.evaluate(() => {
    const typing = document.getElementById("twitch-widget").shadowRoot.querySelector(".tw-typing");
    new MutationObserver(() => {
      if (!typing.hidden) window.__typingSeen = true;
    }).observe(typing, { attributes: true });
  });
  await sendText(page, "what causes muscle twitching?");
  await userMessages.filter({ hasText: "what causes muscle twitching?" }).waitFor();
  assert.equal(await page.getByRole("textbox", { name: "Your message" }).inputValue(), "");
  await botMessages.filter({ hasText: "Source" }).first().waitFor();
  assert.ok(await page.locator(".tw-msg time[datetime]").count() >= 3, "messages carry timestamps");
  assert.equal(await page.evaluate(() => window.__typingSeen), true, "typing indicator was shown");
  await page.locator(".tw-typing").waitFor({ state: "hidden" });
  step('question answered with a reply containing "Source", with typing indicator and timestamps');

  // Quick replies from older turns are spent; if the answer has none, ask for the menu.
  if ((await enabledChoices.count()) === 0) {
    const before = await botMessages.count();
    await sendText(page, "hi");
    await eventually(async () => (await botMessages.count()) > before, "a reply to hi");
  }
  const choice = enabledChoices.first();
  await choice.waitFor();
  const title = (await choice.textContent()).trim();
  const botCount = await botMessages.count();
  await choice.click();
  await userMessages.filter({ hasText: title }).waitFor();
  assert.equal(await enabledChoices.count(), 0, "used quick replies are disabled");
  assert.equal(await activeId(page), "tw-input", "focus goes back to the input");
  await eventually(async () => (await botMessages.count()) > botCount, "a reply to the button");
  await page.waitForTimeout(500); // let any remaining parts of the reply arrive
  step(`bot button "${title}" sends its payload and gets a reply`);

  const history = await page.locator(".tw-msg").allTextContents();
  await page.reload({ waitUntil: "domcontentloaded" });
  await dialog.waitFor(); // reopened after the reload
  await eventually(async () => (await page.locator(".tw-msg").count()) === history.length, "restored history");
  assert.deepEqual(await page.locator(".tw-msg").allTextContents(), history);
  await eventually(() => page.evaluate(() => {
    const s = Object.keys(localStorage).find((k) => k.startsWith("twitch-widget:"));
    return s && JSON.parse(localStorage.getItem(s)).token;
  }), "a stored session token");
  step(`reload restores the panel and all ${history.length} messages`);

  const sessionBefore = await storedSession(page);
  await page.getByRole("button", { name: "Restart conversation" }).click();
  assert.ok((await botMessages.count()) > 0, "Restart asks before deleting anything");
  await page.getByRole("button", { name: "Delete and start again" }).click();
  await botMessages.first().waitFor(); // a fresh greeting
  assert.equal(await botMessages.filter({ hasText: "Source" }).count(), 0, "old history is gone");
  assert.equal(await userMessages.count(), 0);
  const sessionAfter = await eventually(() => storedSession(page), "a new session id");
  assert.notEqual(sessionAfter, sessionBefore, "restart starts a new server session");
  step("restart asks, then clears the conversation and starts a new session");

  await sendText(page, "I can't breathe");
  const alert = page.locator('[role="alert"]');
  await alert.waitFor();
  const alertText = (await alert.textContent()).trim();
  assert.match(alertText, /^Assistant: Emergency: Call your local emergency number now\./);
  assert.equal(alertText.match(/emergency(?! number| department)/gi).length, 1, `"Emergency" said once: ${alertText}`);
  assert.deepEqual(
    await alert.locator("a.tw-call").evaluateAll((as) => as.map((a) => a.getAttribute("href"))),
    ["tel:999", "tel:911", "tel:112"],
    "call buttons for the example numbers (the demo page configures none)"
  );
  const look = await alert.evaluate((el) => {
    const s = getComputedStyle(el);
    const normal = el.getRootNode().querySelector(".tw-msg--bot .tw-bubble:not(.tw-level)");
    return {
      classes: el.className,
      background: s.backgroundColor,
      fontSize: parseFloat(getComputedStyle(el.querySelector(".tw-em-lead")).fontSize),
      normalSize: normal ? parseFloat(getComputedStyle(normal).fontSize) : 16,
      icon: Boolean(el.querySelector("svg.tw-icon--warning")),
      width: el.getBoundingClientRect().width,
      logWidth: el.closest(".tw-log").getBoundingClientRect().width,
    };
  });
  assert.match(look.classes, /tw-emergency/);
  assert.equal(look.background, "rgb(176, 0, 32)");
  assert.ok(look.fontSize > look.normalSize, `emergency font ${look.fontSize}px > ${look.normalSize}px`);
  assert.ok(look.icon, "emergency message has a warning icon");
  assert.ok(look.width > 0.8 * look.logWidth, "emergency message spans the panel");
  step('EMERGENCY reply is role="alert", red, leads with a larger instruction and call buttons, with an icon');

  // Text is text: markup is shown literally; URLs become safe new-tab links.
  const tricky = '<img src=x onerror="window.__xss=1"><b>bold</b> see https://example.org/a.';
  await sendText(page, tricky);
  const mine = userMessages.last();
  await mine.waitFor();
  assert.equal(await mine.locator("img, b").count(), 0, "no HTML from message text");
  assert.ok((await mine.textContent()).includes('<img src=x onerror="window.__xss=1"><b>bold</b>'));
  const link = mine.getByRole("link", { name: "https://example.org/a" });
  assert.equal(await link.getAttribute("href"), "https://example.org/a");
  assert.equal(await link.getAttribute("target"), "_blank");
  assert.equal(await link.getAttribute("rel"), "noopener noreferrer");
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  step("message text is escaped; URLs become target=_blank rel=noopener links");

  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "hidden" });
  assert.equal(await activeId(page), "tw-launcher", "focus returns to the launcher");
  await page.keyboard.press("Enter");
  await dialog.waitFor();
  step("Escape closes the panel and returns focus; Enter reopens it");

  await page.setViewportSize({ width: 375, height: 740 });
  await alert.scrollIntoViewIfNeeded();
  const phone = await page.evaluate(() => {
    const root = document.getElementById("twitch-widget").shadowRoot;
    const box = (sel) => root.querySelector(sel).getBoundingClientRect();
    const log = root.querySelector(".tw-log");
    return {
      panel: box(".tw-panel").toJSON(),
      send: box(".tw-send").toJSON(),
      overflow: log.scrollWidth - log.clientWidth,
    };
  });
  assert.ok(phone.panel.x >= 0 && phone.panel.width <= 375, `panel fits 375px: ${JSON.stringify(phone.panel)}`);
  assert.ok(phone.send.right <= 375 && phone.send.bottom <= 740, "send button on screen");
  assert.ok(phone.overflow <= 0, "no horizontal scrolling in the log");
  await mkdir(RESULTS_DIR, { recursive: true });
  await page.screenshot({ path: `${RESULTS_DIR}/widget.png` });
  step(`375px layout fits; screenshot in ${RESULTS_DIR}/widget.png`);

  // "Forget me": deleted by the bot's store, then from this browser, with a new session.
  const sessionBeforeForget = await storedSession(page);
  await sendText(page, "please delete my data");
  const confirmForget = page.getByRole("button", { name: "Yes, delete it" });
  await confirmForget.waitFor();
  await confirmForget.click();
  await page.getByText("This conversation has been deleted").waitFor();
  const sessionAfterForget = await eventually(async () => {
    const id = await storedSession(page);
    return id && id !== sessionBeforeForget ? id : null;
  }, "a new session after forgetting");
  assert.equal(await userMessages.count(), 0, "no user messages left on screen");
  const kept = await page.evaluate(() => Object.values(localStorage).join(" "));
  assert.ok(!kept.includes("breathe") && !kept.includes("delete my data"), "nothing of it left in localStorage");
  assert.notEqual(sessionAfterForget, sessionBeforeForget);
  step('"forget me" deletes the conversation from the bot and from this browser, new session');

  // An unreachable server gets a clear message and a Retry button.
  const offline = await newPage(context, "http://127.0.0.1:9"); // nothing listens on port 9
  await offline.getByRole("button", { name: /Ask about muscle twitching/ }).click();
  await offline.getByText("Can't reach the assistant").waitFor();
  const retry = offline.getByRole("button", { name: "Retry" });
  await retry.click();
  await offline.getByText("Can't reach the assistant").waitFor();
  step("unreachable server shows a message with a Retry button");

  assert.deepEqual(pageErrors, [], "no uncaught page errors");
}

try {
  await run();
  console.log("e2e: all checks passed");
} catch (error) {
  console.error(`not ok - ${error.stack || error}`);
  process.exitCode = 1;
} finally {
  await browser?.close().catch(() => {});
}
