// The widget as a frightened person on a phone meets it: emergency first, reading without
// chasing, night and low vision, touch, safe controls, the doctor summary, honest status and
// axe-core. Runs against tests/e2e/fake_bot.py (`tests/e2e/run.sh ux`), whose scripted
// replies these checks rely on. Screenshots go to results/e2e/.
import { after, before, describe, test } from "node:test";
import { createRequire } from "node:module";
import assert from "node:assert/strict";
import { VIEWPORTS, ask, contrast, eventually, launch, launchWithFontSize, openChat, openPage, screenshot, uncovered } from "./lib.mjs";

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
    const log = document.getElementById("twitch-widget").shadowRoot.querySelector(".tw-items");
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

/** Computed styles of widget parts, by selector. */
const styles = (page, selectors, props) =>
  page.evaluate(
    ([selectors, props]) => {
      const root = document.getElementById("twitch-widget").shadowRoot;
      return Object.fromEntries(selectors.map((sel) => {
        const el = root.querySelector(sel);
        const s = el && getComputedStyle(el);
        return [sel, s ? Object.fromEntries(props.map((p) => [p, s.getPropertyValue(p)])) : null];
      }));
    },
    [selectors, props]
  );

describe("night and low vision", () => {
  test("text follows the browser's default font size", async () => {
    const sizes = {};
    for (const px of [16, 24]) {
      const reader = await launchWithFontSize(px);
      try {
        const page = await reader.page();
        await openChat(page);
        const s = await styles(page, [".tw-msg--bot .tw-text", ".tw-time", ".tw-input", ".tw-title"], ["font-size"]);
        sizes[px] = Object.fromEntries(Object.entries(s).map(([k, v]) => [k, parseFloat(v["font-size"])]));
        if (px === 24) await screenshot(page, "font-24px-laptop");
      } finally {
        await reader.close();
      }
    }
    for (const part of Object.keys(sizes[16])) {
      assert.ok(Math.abs(sizes[24][part] / sizes[16][part] - 1.5) < 0.01, `${part}: ${sizes[16][part]}px -> ${sizes[24][part]}px`);
    }
  });

  test("dark mode: a dark panel with readable text", () =>
    withPage({ context: { ...VIEWPORTS.phone, colorScheme: "dark" } }, async (page) => {
      await openChat(page);
      await ask(page, "what causes twitching?");
      await ask(page, "my left calf has twitched for three weeks", 3);
      const parts = [".tw-panel", ".tw-msg--bot .tw-bubble", ".tw-msg--user .tw-bubble", ".tw-doctor", ".tw-choice:not([disabled])", ".tw-input"];
      // replies are paced: wait until every part is on screen before reading its colours
      for (const part of parts) await page.locator(part).first().waitFor();
      const s = await styles(page, parts, ["background-color", "color"]);
      const bg = s[".tw-panel"]["background-color"];
      assert.ok(contrast(bg, "rgb(0, 0, 0)") < 1.6, `the panel is dark: ${bg}`);
      for (const [part, v] of Object.entries(s)) {
        const ground = v["background-color"].startsWith("rgba(0, 0, 0, 0)") ? bg : v["background-color"];
        assert.ok(contrast(v.color, ground) >= 4.5, `${part}: ${v.color} on ${ground} is ${contrast(v.color, ground).toFixed(2)}:1`);
      }
      await screenshot(page, "dark-phone");
    }));

  test("forced colours: parts keep their outlines", () =>
    withPage({ context: { ...VIEWPORTS.phone, forcedColors: "active" } }, async (page) => {
      await openChat(page);
      await ask(page, "I can't breathe");
      const s = await styles(page, [".tw-msg--bot .tw-bubble", ".tw-emergency", ".tw-call", ".tw-choice", ".tw-embar"], ["border-top-width", "border-top-style"]);
      for (const [part, v] of Object.entries(s)) {
        assert.ok(v && parseFloat(v["border-top-width"]) >= 2 && v["border-top-style"] !== "none", `${part}: ${JSON.stringify(v)}`);
      }
      await screenshot(page, "forced-colors-phone");
    }));

  const small = {
    "400% zoom (1280x800)": { viewport: { width: 320, height: 200 }, deviceScaleFactor: 4 },
    "400% zoom (1280x1024)": { viewport: { width: 320, height: 256 }, deviceScaleFactor: 4 },
    "phone landscape": { viewport: { width: 844, height: 390 }, deviceScaleFactor: 3, hasTouch: true },
  };
  for (const [name, context] of Object.entries(small)) {
    test(`${name}: the conversation keeps most of the height, nothing scrolls sideways`, () =>
      withPage({ context }, async (page) => {
        await openChat(page);
        await ask(page, "what causes twitching?");
        const m = await page.evaluate(() => {
          const root = document.getElementById("twitch-widget").shadowRoot;
          const box = (sel) => root.querySelector(sel).getBoundingClientRect();
          const panel = root.querySelector(".tw-panel");
          return { log: box(".tw-log").height, panel: box(".tw-panel").height, overflow: panel.scrollWidth - panel.clientWidth, width: innerWidth };
        });
        assert.ok(m.log >= 0.5 * m.panel, `log ${m.log}px of ${m.panel}px`);
        assert.ok(m.overflow <= 0, `no sideways scrolling (${m.overflow}px)`);
        for (const name of ["Close chat", "Send", "Restart conversation"]) {
          assert.ok(await uncovered(page.getByRole("button", { name })), `${name} on screen`);
        }
        await screenshot(page, `reflow-${name.replace(/\W+/g, "-")}`);
      }));
  }

  for (const scheme of ["light", "dark"]) {
    test(`${scheme}: the focus ring has a tone that stands out on every background`, () =>
      withPage({ context: { colorScheme: scheme } }, async (page) => {
        await openChat(page);
        for (const name of ["Close chat", "Send", "Why do muscles twitch?"]) {
          const button = page.getByRole("button", { name });
          await button.focus();
          await page.keyboard.press("Shift+Tab");
          await page.keyboard.press("Tab"); // keyboard focus, so :focus-visible applies
          const ring = await button.evaluate((el) => {
            const s = getComputedStyle(el);
            let ground = el.parentElement;
            while (ground && getComputedStyle(ground).backgroundColor.startsWith("rgba(0, 0, 0, 0)")) ground = ground.parentElement || ground.getRootNode().host;
            return { outer: s.outlineColor, width: parseFloat(s.outlineWidth), shadow: s.boxShadow, ground: getComputedStyle(ground).backgroundColor };
          });
          const inner = ring.shadow.match(/rgba?\([^)]*\)/)?.[0];
          assert.ok(ring.width >= 2 && inner, `${name}: two tones: ${JSON.stringify(ring)}`);
          assert.ok(contrast(ring.outer, inner) >= 3, `${name}: the tones differ: ${ring.outer} / ${inner}`);
          const best = Math.max(contrast(ring.outer, ring.ground), contrast(inner, ring.ground));
          assert.ok(best >= 3, `${name}: ${best.toFixed(2)}:1 on ${ring.ground}`);
        }
      }));
  }
});

const activeClass = (page) =>
  page.evaluate(() => {
    const el = document.getElementById("twitch-widget").shadowRoot.activeElement;
    return el ? el.className || el.tagName : null;
  });

describe("touch", () => {
  test("no automatic focus on a touch screen: not on open, not after a tapped answer", () =>
    withPage({ context: VIEWPORTS.phone }, async (page) => {
      assert.equal(await page.evaluate(() => matchMedia("(pointer: coarse)").matches), true, "a touch screen");
      await page.getByRole("button", { name: /Ask about muscle twitching/ }).tap();
      await page.locator(".tw-msg--bot").first().waitFor();
      assert.notEqual(await activeClass(page), "tw-input", "opening does not focus the input");
      assert.ok(["tw-title"].includes(await activeClass(page)), "focus is in the dialog");
      await page.getByRole("button", { name: "Check my symptoms" }).tap();
      await page.locator(".tw-msg--user").first().waitFor();
      assert.notEqual(await activeClass(page), "tw-input", "a tapped answer does not focus the input");
    }));

  test("mouse and keyboard: opening focuses the input", () =>
    withPage({}, async (page) => {
      await openChat(page);
      assert.equal(await activeClass(page), "tw-input");
    }));

  test("a 1-4 line box: Shift+Enter breaks the line, Enter sends, an IME's Enter does not", () =>
    withPage({ context: VIEWPORTS.phone }, async (page) => {
      await openChat(page);
      const box = page.getByRole("textbox", { name: "Your message" });
      const height = () => box.evaluate((el) => el.getBoundingClientRect().height);
      await box.click();
      const one = await height();
      await page.keyboard.type("My calf twitches");
      await page.keyboard.press("Shift+Enter");
      await page.keyboard.type("mostly at night");
      assert.equal(await box.inputValue(), "My calf twitches\nmostly at night");
      const two = await height();
      assert.ok(two > one * 1.3, `grows with a second line: ${one} -> ${two}`);
      for (let i = 0; i < 5; i++) {
        await page.keyboard.press("Shift+Enter");
        await page.keyboard.type(`line ${i}`);
      }
      const many = await height();
      assert.ok(many < one * 3.6 && many > two, `stops at four lines: ${many}`);
      assert.ok(await box.evaluate((el) => el.scrollHeight > el.clientHeight), "then scrolls");
      await box.evaluate((el) => el.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", isComposing: true, bubbles: true, cancelable: true })));
      assert.equal(await page.locator(".tw-msg--user").count(), 0, "an IME's Enter sends nothing");
      await page.keyboard.press("Enter");
      const sent = page.locator(".tw-msg--user").first();
      await sent.waitFor();
      assert.equal(await sent.locator(".tw-text br").count(), 6, "the line breaks are kept");
      assert.equal(await box.inputValue(), "");
      assert.ok(Math.abs((await height()) - one) < 1, "back to one line");
    }));

  test("hover styles exist only under (hover: hover)", () =>
    withPage({}, async (page) => {
      await openChat(page);
      const outside = await page.evaluate(() => {
        const found = { inside: 0, outside: [] };
        const walk = (rules, hoverMedia) => {
          for (const rule of rules) {
            if (rule instanceof CSSMediaRule) walk(rule.cssRules, hoverMedia || /\(hover: hover\)/.test(rule.conditionText));
            else if (rule.selectorText?.includes(":hover")) hoverMedia ? found.inside++ : found.outside.push(rule.selectorText);
          }
        };
        for (const sheet of document.getElementById("twitch-widget").shadowRoot.styleSheets) walk(sheet.cssRules, false);
        return found;
      });
      assert.ok(outside.inside > 0, "there are hover styles");
      assert.deepEqual(outside.outside, [], "no hover style outside (hover: hover)");
    }));

  test("the keyboard (a smaller visual viewport) does not cover the latest question", async () => {
    // Chromium's headless window has no on-screen keyboard: a stand-in visualViewport
    // shrinks as one would, on the page the widget reads it from.
    const context = await browser.newContext({ ...VIEWPORTS.phone, bypassCSP: true });
    const kb = await context.newPage();
    try {
      await kb.addInitScript(() => {
        const vv = new EventTarget();
        Object.assign(vv, { height: innerHeight, width: innerWidth, offsetTop: 0, offsetLeft: 0, pageTop: 0, scale: 1 });
        Object.defineProperty(window, "visualViewport", { value: vv, configurable: true });
        window.__keyboard = (open) => {
          vv.height = open ? innerHeight - 330 : innerHeight;
          vv.dispatchEvent(new Event("resize"));
        };
      });
      const url = new URL(process.env.PAGE_URL);
      url.searchParams.set("server", process.env.BOT_URL);
      await kb.goto(url.href);
      await openChat(kb);
      await ask(kb, "what causes twitching?");
      await ask(kb, "my left calf has twitched for three weeks", 3);
      const question = kb.locator(".tw-msg--bot").last();
      await kb.getByRole("textbox", { name: "Your message" }).focus(); // (taps check the real viewport)
      await kb.evaluate(() => window.__keyboard(true));
      await kb.waitForTimeout(200);
      const m = await kb.evaluate(() => {
        const root = document.getElementById("twitch-widget").shadowRoot;
        const msgs = root.querySelectorAll(".tw-msg--bot");
        return {
          above: innerHeight - 330,
          question: msgs[msgs.length - 1].querySelector(".tw-text").getBoundingClientRect().bottom,
          input: root.querySelector(".tw-input").getBoundingClientRect().bottom,
        };
      });
      assert.ok(m.input <= m.above, `the input is above the keyboard: ${JSON.stringify(m)}`);
      assert.ok(m.question <= m.above, `the latest question is above the keyboard: ${JSON.stringify(m)}`);
      assert.match(await question.textContent(), /summary/);
      await screenshot(kb, "keyboard-phone");
    } finally {
      await context.close();
    }
  });
});

describe("safer controls", () => {
  for (const name of ["phone", "phone-200%", "laptop"]) {
    test(`${name}: Restart asks first and sits apart from Close`, () =>
      withPage({ context: VIEWPORTS[name] }, async (page) => {
        await openChat(page);
        await ask(page, "what causes twitching?");
        const restart = page.getByRole("button", { name: "Restart conversation" });
        const close = page.getByRole("button", { name: "Close chat" });
        const [r, c] = [await restart.boundingBox(), await close.boundingBox()];
        assert.ok(c.x - (r.x + r.width) >= 16, `at least 16 px between Restart and Close: ${c.x - r.x - r.width}`);
        const before = await page.locator(".tw-msg").count();
        await restart.click();
        const question = page.getByRole("group", { name: /Start again\?.*summary for your doctor/ });
        await question.waitFor();
        assert.ok(await uncovered(page.getByRole("button", { name: "Keep it" })));
        await screenshot(page, `restart-confirm-${name}`);
        await page.getByRole("button", { name: "Keep it" }).click();
        assert.equal(await page.locator(".tw-msg").count(), before, "Keep it deletes nothing");
        await restart.click();
        await page.getByRole("button", { name: "Delete and start again" }).click();
        await eventually(async () => (await page.locator(".tw-msg--user").count()) === 0, "the old conversation gone");
        await page.locator(".tw-msg--bot").first().waitFor();
      }));
  }
});

describe("the doctor summary", () => {
  test("a dated list that copies, shares and prints alone", () =>
    withPage({ context: { ...VIEWPORTS.phone, permissions: ["clipboard-read", "clipboard-write"] } }, async (page) => {
      await page.addInitScript(() => {
        navigator.share = async (data) => { window.__shared = data; };
        window.print = () => { window.__printed = (window.__printed || 0) + 1; };
      });
      await page.reload({ waitUntil: "domcontentloaded" });
      await openChat(page);
      await ask(page, "my left calf has twitched for three weeks", 3);
      await page.getByRole("button", { name: "Yes, make a summary" }).tap();
      const card = page.locator(".tw-summary");
      await card.waitFor();
      assert.equal(await card.getByRole("listitem").count(), 8);
      assert.match(await card.locator(".tw-summary-date").textContent(), /^Made on \D*\d{1,2},? \D*\d{4}$/);
      await screenshot(page, "summary-phone");

      await card.getByRole("button", { name: "Copy" }).tap();
      await card.getByText("Copied.").waitFor();
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      assert.match(copied, /^Summary for your doctor .*\nMade on .*\n- Where: left calf\n/s);
      assert.ok(copied.includes("- This assistant's suggestion: SEE A DOCTOR"));

      await card.getByRole("button", { name: "Share" }).tap();
      const shared = await eventually(() => page.evaluate(() => window.__shared), "navigator.share called");
      assert.equal(shared.text, copied);

      await card.getByRole("button", { name: "Print" }).tap();
      assert.equal(await page.evaluate(() => window.__printed), 1);
      await page.emulateMedia({ media: "print" });
      const printed = await page.evaluate(() => {
        const root = document.getElementById("twitch-widget").shadowRoot;
        const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
        return {
          page: shown(document.querySelector("main")),
          summary: shown(root.querySelector(".tw-summary-list")),
          date: shown(root.querySelector(".tw-summary-date")),
          others: [...root.querySelectorAll(".tw-msg:not(.tw-msg--summary)")].filter(shown).length,
          chrome: [".tw-header", ".tw-form", ".tw-summary-actions", ".tw-launcher"].filter((s) => shown(root.querySelector(s))),
        };
      });
      assert.deepEqual(printed, { page: false, summary: true, date: true, others: 0, chrome: [] });
      await page.pdf({ path: `${process.env.RESULTS_DIR || "../../results/e2e"}/summary-print.pdf` });
      await page.evaluate(() => window.dispatchEvent(new Event("afterprint")));
      const pageShown = await page.evaluate(() => document.querySelector("main").getClientRects().length > 0);
      assert.equal(pageShown, true, "after printing, printing the page prints the page again");
      await page.emulateMedia({ media: "screen" });
    }));
});

describe("readable answers", () => {
  test("light Markdown, sources set apart, one time per turn", () =>
    withPage({ context: VIEWPORTS.phone }, async (page) => {
      await openChat(page);
      await ask(page, "what helps?");
      const answer = page.locator(".tw-msg--bot").last();
      assert.deepEqual(await answer.locator("strong").allTextContents(), ["often help", "see a doctor"]);
      assert.deepEqual(await answer.getByRole("listitem").allTextContents(), ["more sleep", "less caffeine", "gentle stretching"]);
      assert.equal(await answer.getByRole("link", { name: "the article" }).getAttribute("href"), "https://example.org/twitching");
      assert.ok(!(await answer.textContent()).includes("*"), "no raw asterisks");
      const look = await answer.evaluate((el) => {
        const text = getComputedStyle(el.querySelector(".tw-text > p"));
        const source = getComputedStyle(el.querySelector(".tw-source"));
        return { text: [parseFloat(text.fontSize), text.color], source: [parseFloat(source.fontSize), source.color], section: el.querySelector(".tw-source-section")?.textContent };
      });
      assert.ok(look.source[0] < look.text[0], `the source is smaller: ${JSON.stringify(look)}`);
      assert.notEqual(look.source[1], look.text[1], "and muted");
      assert.equal(look.section, "(Treatment)");

      await ask(page, "my left calf has twitched for three weeks", 3);
      await page.locator(".tw-msg--bot").filter({ hasText: "Would you like a short summary" }).waitFor();
      const times = await page.locator(".tw-msg").evaluateAll((items) => items.slice(-4).map((m) => Boolean(m.querySelector("time"))));
      assert.deepEqual(times, [true, true, false, false], "the user's turn and the bot's reply have one time each");
      await screenshot(page, "markdown-phone");
    }));

  test("a message from another day shows its date", () =>
    withPage({ context: VIEWPORTS.phone }, async (page) => {
      await page.addInitScript(() => {
        if (sessionStorage.getItem("seeded")) return;
        sessionStorage.setItem("seeded", "1");
        const server = new URLSearchParams(location.search).get("server");
        const yesterday = Date.now() - 26 * 3600 * 1000;
        localStorage.setItem(`twitch-widget:${server}`, JSON.stringify({
          v: 1, sessionId: null, token: null, open: false, updated: Date.now(),
          messages: [{ from: "bot", text: "Hello from yesterday.", ts: yesterday }],
        }));
      });
      await page.reload({ waitUntil: "domcontentloaded" });
      await page.getByRole("button", { name: /Ask about muscle twitching/ }).click();
      const time = page.locator(".tw-msg time").first();
      await time.waitFor();
      const expected = await page.evaluate(() => new Date(Date.now() - 26 * 3600 * 1000).toLocaleDateString([], { day: "numeric", month: "short" }));
      assert.ok((await time.textContent()).includes(expected), `"${await time.textContent()}" has the date ${expected}`);
    }));
});

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/** axe-core's violations on the whole page (it reads the widget's open shadow root). */
async function axe(page) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const { violations } = await window.axe.run(document, { resultTypes: ["violations"] });
    return violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 3) }));
  });
}

describe("axe-core", () => {
  for (const [scheme, context] of [["light", VIEWPORTS.phone], ["dark", { ...VIEWPORTS.laptop, colorScheme: "dark" }]]) {
    test(`${scheme}: no violations in any state`, () =>
      withPage({ context }, async (page) => {
        const found = {};
        const check = async (state) => {
          await page.waitForTimeout(300); // let fades and pacing settle
          found[state] = await axe(page);
        };
        await page.getByRole("button", { name: /Ask about muscle twitching/ }).waitFor();
        await check("closed launcher");
        await openChat(page);
        await check("open chat");
        await ask(page, "what helps?");
        await check("Markdown answer with a source");
        await ask(page, "my left calf has twitched for three weeks", 3);
        await page.getByRole("button", { name: "Yes, make a summary" }).waitFor();
        await check("a check with buttons");
        await page.getByRole("button", { name: "Yes, make a summary" }).click();
        await page.locator(".tw-summary").waitFor();
        await check("the doctor summary");
        await ask(page, "I can't breathe");
        await page.locator(".tw-embar").waitFor();
        await check("an EMERGENCY reply and the bar");
        await page.getByRole("button", { name: "Restart conversation" }).click();
        await check("Restart's question");
        console.log(`# axe ${scheme}: ${JSON.stringify(found)}`);
        const serious = Object.entries(found).flatMap(([state, vs]) => vs.filter((v) => ["serious", "critical"].includes(v.impact)).map((v) => ({ state, ...v })));
        assert.deepEqual(serious, [], "no serious or critical violations");
        const any = Object.entries(found).flatMap(([state, vs]) => vs.map((v) => ({ state, ...v })));
        assert.deepEqual(any, [], "no violations at all");
      }));
  }
});

describe("honest status", () => {
  test("a slow connection: a visible connecting state, and early messages wait and go", () =>
    withPage({ context: VIEWPORTS.phone }, async (page) => {
      const until = Date.now() + 4000; // the server's socket answers only after 4 s
      await page.context().route("**/socket.io/**", async (route) => {
        const wait = until - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        await route.continue().catch(() => {});
      });
      await page.getByRole("button", { name: /Ask about muscle twitching/ }).tap();
      const connecting = page.getByRole("status").filter({ hasText: "Connecting to the assistant" });
      await connecting.waitFor({ timeout: 1500 });
      await screenshot(page, "connecting-phone");
      await page.getByRole("textbox", { name: "Your message" }).fill("what causes twitching?");
      await page.getByRole("button", { name: "Send" }).tap();
      const mine = page.locator(".tw-msg--user").filter({ hasText: "what causes twitching?" });
      await mine.getByText("Waiting to send…").waitFor({ timeout: 1500 });
      assert.equal(await page.getByText(/not sent/).count(), 0, "no false 'not sent' error");
      await page.locator(".tw-msg--bot").filter({ hasText: "Source" }).waitFor({ timeout: 20000 });
      assert.equal(await mine.locator(".tw-delivery").count(), 0, "sent: the mark is gone");
      assert.equal(await connecting.count(), 0, "connected: the connecting state is gone");
    }));

  test('no reply: the message is marked "No answer yet - Retry"; Retry sends it again', () =>
    withPage({ context: VIEWPORTS.phone, config: { replyExpectedMs: 1000, replyGraceMs: 2000 } }, async (page) => {
      await page.addInitScript(() => {
        // Counts the user messages that actually leave the page (polling or websocket).
        window.__sent = [];
        const note = (data) => typeof data === "string" && data.includes("test: no reply") && window.__sent.push(data);
        for (const Proto of [WebSocket.prototype, XMLHttpRequest.prototype]) {
          const send = Proto.send;
          Proto.send = function (data) {
            note(data);
            return send.call(this, data);
          };
        }
      });
      await page.reload({ waitUntil: "domcontentloaded" });
      await openChat(page);
      await ask(page, "hello");
      const started = Date.now();
      await page.getByRole("textbox", { name: "Your message" }).fill("test: no reply");
      await page.keyboard.press("Enter");
      const mine = page.locator(".tw-msg--user").last();
      const late = mine.locator(".tw-delivery--unanswered");
      await late.waitFor({ timeout: 6000 });
      const after = Date.now() - started;
      assert.ok(after >= 2800 && after < 6000, `marked after ${after} ms`);
      assert.equal((await late.textContent()).trim(), "No answer yet - Retry");
      assert.equal(await page.locator(".tw-typing").isVisible(), false, "no typing dots for a reply that is not coming");
      await screenshot(page, "no-answer-phone");
      await late.getByRole("button", { name: "Retry" }).tap();
      assert.equal(await mine.locator(".tw-delivery").count(), 0, "Retry sends again and waits");
      assert.equal(await page.locator(".tw-msg--user").count(), 2, "without a duplicate message");
      await eventually(() => page.evaluate(() => window.__sent.length === 2), "the message sent a second time");
      await late.waitFor({ timeout: 6000 });
    }));

  test("a reply later than expected clears the mark when it comes", () =>
    withPage({ context: VIEWPORTS.phone }, async (page) => {
      await openChat(page);
      await page.getByRole("textbox", { name: "Your message" }).fill("test: slow reply");
      await page.keyboard.press("Enter");
      const mine = page.locator(".tw-msg--user").last();
      await mine.locator(".tw-delivery--unanswered").waitFor({ timeout: 9000 });
      await page.locator(".tw-msg--bot").filter({ hasText: "here is the slow reply" }).waitFor({ timeout: 15000 });
      assert.equal(await mine.locator(".tw-delivery").count(), 0);
    }));
});
