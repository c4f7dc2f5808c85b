// Shared helpers for the widget's browser tests: Debian's Chromium (no browser download),
// the demo page with embed-config overrides, and probes that read the widget's shadow DOM.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const BOT_URL = process.env.BOT_URL;
export const PAGE_URL = process.env.PAGE_URL;
export const RESULTS_DIR =
  process.env.RESULTS_DIR || fileURLToPath(new URL("../../results/e2e/", import.meta.url));
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];
export const STEP_MS = 15000;

export function launch() {
  if (!BOT_URL || !PAGE_URL) throw new Error("Set BOT_URL and PAGE_URL");
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS, timeout: STEP_MS });
}

/**
 * A page of the demo site in its own context. `config` is merged into the page's
 * window.TwitchWidgetConfig (as a site would set it); `context` takes Playwright's options.
 */
export async function openPage(browser, { context = {}, ...options } = {}) {
  // The suite injects axe-core and test scripts, which the demo page's CSP (tested in
  // tests/test_serve_web.py) rightly refuses.
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true, ...context });
  return preparePage(await ctx.newPage(), options);
}

/**
 * A browser whose default font size is the reader's `px` (Chromium's own setting, in a
 * throwaway profile); close it with `.close()`.
 */
export async function launchWithFontSize(px, context = {}) {
  const dir = await mkdtemp(join(tmpdir(), "tw-profile-"));
  await mkdir(join(dir, "Default"));
  await writeFile(join(dir, "Default", "Preferences"), JSON.stringify({ webkit: { webprefs: { default_font_size: px } } }));
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM, headless: true, args: FLAGS, timeout: STEP_MS, viewport: { width: 1280, height: 800 }, bypassCSP: true, ...context,
  });
  return {
    page: async (options = {}) => preparePage(await ctx.newPage(), options),
    close: async () => {
      await ctx.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function preparePage(page, { config = {}, botUrl = BOT_URL } = {}) {
  page.setDefaultTimeout(STEP_MS);
  page.errors = [];
  page.on("pageerror", (error) => page.errors.push(String(error)));
  await page.addInitScript((overrides) => {
    let value;
    Object.defineProperty(window, "TwitchWidgetConfig", {
      configurable: true,
      get: () => value,
      set: (v) => { value = { ...v, ...overrides }; },
    });
  }, config);
  const url = new URL(PAGE_URL);
  url.searchParams.set("server", botUrl);
  await page.goto(url.href, { waitUntil: "domcontentloaded" });
  return page;
}

/** Opens the chat and waits for the greeting. */
export async function openChat(page) {
  await page.getByRole("button", { name: /Ask about muscle twitching/ }).click();
  await page.getByRole("dialog").waitFor();
  await page.locator(".tw-msg--bot").first().waitFor();
}

export async function sendText(page, text) {
  await page.getByRole("textbox", { name: "Your message" }).fill(text);
  await page.keyboard.press("Enter");
}

/** Sends `text` and waits until `count` more bot messages are on screen. */
export async function ask(page, text, count = 1) {
  const bots = page.locator(".tw-msg--bot");
  const before = await bots.count();
  await sendText(page, text);
  await eventually(async () => (await bots.count()) >= before + count, `${count} replies to "${text}"`);
}

/** Polls `probe` until it returns a truthy value (bounded). */
export async function eventually(probe, what, ms = STEP_MS) {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    last = await probe();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what} (last value: ${JSON.stringify(last)})`);
}

/** Whether the element is on screen and not covered (its centre hits it). */
export function uncovered(locator) {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || r.top < 0 || r.left < 0) return false;
    if (r.bottom > window.innerHeight || r.right > window.innerWidth) return false;
    const hit = el.getRootNode().elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return hit === el || el.contains(hit);
  });
}

export async function screenshot(page, name) {
  await mkdir(RESULTS_DIR, { recursive: true });
  await page.screenshot({ path: `${RESULTS_DIR}/${name}.png` });
}

/** Phone, 200 % zoom on that phone, and a laptop: the viewports every layout check runs at. */
export const VIEWPORTS = {
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true },
  // Page zoom narrows the CSS viewport; isMobile would instead widen it to fit the demo page.
  "phone-200%": { viewport: { width: 195, height: 422 }, deviceScaleFactor: 6, hasTouch: true },
  laptop: { viewport: { width: 1280, height: 800 } },
};

/** WCAG contrast ratio of two computed colours ("rgb(r, g, b)"). */
export function contrast(a, b) {
  const lum = (c) => {
    const [r, g, bl] = c.match(/[\d.]+/g).slice(0, 3).map(Number).map((v) => {
      const x = v / 255;
      return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
