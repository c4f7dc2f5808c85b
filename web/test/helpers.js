// A fresh happy-dom document per test and a mounted view to render messages into.
import { Window } from "happy-dom";
import { readConfig } from "../src/config.js";
import { createView } from "../src/view.js";

export function newDocument() {
  const window = new Window({ url: "https://example.org/" });
  return window.document;
}

/** A view in a fresh document; `calls` records what it asked the widget to do. */
export function mountView(pageConfig = {}) {
  const doc = newDocument();
  const root = doc.createElement("div");
  doc.body.append(root);
  const calls = [];
  const view = createView(root, readConfig(pageConfig), {
    send: (payload, title) => (calls.push(["send", payload, title]), true),
    toggle: (open) => calls.push(["toggle", open]),
    restart: () => calls.push(["restart"]),
    retry: () => calls.push(["retry"]),
  });
  return { doc, root, view, calls };
}

export const bot = (text, extra = {}) => ({ from: "bot", text, ts: Date.now(), ...extra });
export const user = (text, extra = {}) => ({ from: "user", text, ts: Date.now(), ...extra });

/** A clock the test moves by hand, with the setTimeout/clearTimeout the pacer uses. */
export function manualClock() {
  let time = 0;
  let id = 0;
  const pending = new Map();
  return {
    now: () => time,
    timers: {
      setTimeout: (fn, ms) => (pending.set(++id, { at: time + ms, fn }), id),
      clearTimeout: (key) => pending.delete(key),
    },
    advance(ms) {
      const end = time + ms;
      for (;;) {
        const [key, next] = [...pending].sort((a, b) => a[1].at - b[1].at)[0] || [];
        if (!next || next.at > end) break;
        pending.delete(key);
        time = next.at;
        next.fn();
      }
      time = end;
    },
  };
}

