// Entry point: mounts the widget in a shadow root (so host-page CSS neither breaks
// it nor is broken by it) and wires the view, the stored history and the connection.
import css from "./widget.css";
import { readConfig } from "./config.js";
import { createStore } from "./store.js";
import { createConnection } from "./connection.js";
import { createView } from "./view.js";
import { isSourceLine, safeHttpUrl, severityOf } from "./format.js";
import { createPacer, pauseBetween } from "./pacer.js";
import { createReplyWatch } from "./watch.js";

function botMessage(data) {
  const buttons = (Array.isArray(data.quick_replies) ? data.quick_replies : data.buttons || [])
    .filter((b) => b && typeof b.title === "string" && typeof b.payload === "string")
    .map(({ title, payload }) => ({ title, payload }));
  const image =
    data.attachment?.type === "image" ? safeHttpUrl(data.attachment.payload?.src) : null;
  const text = typeof data.text === "string" ? data.text : "";
  if (!text && !buttons.length && !image) return null;
  return { from: "bot", text, buttons, image, ts: Date.now() };
}

function mount() {
  if (document.getElementById("twitch-widget")) return; // included twice
  const config = readConfig(window.TwitchWidgetConfig);
  const host = document.createElement("div");
  host.id = "twitch-widget";
  document.body.append(host);
  const root = host.attachShadow({ mode: "open" });
  const style = document.createElement("style");
  style.textContent = css;
  root.append(style);

  const store = createStore(config);
  const outbox = []; // {payload, item}: typed while connecting, sent once connected
  let awaiting = null; // the last sent {payload, item}, until a bot message comes
  let offline = false;

  const watch = createReplyWatch({
    expectedMs: config.replyExpectedMs,
    graceMs: config.replyGraceMs,
    onLate: () => markUnanswered(),
  });
  const markUnanswered = () => {
    view.showTyping(false);
    const entry = awaiting;
    if (entry?.item) view.setDelivery(entry.item, "unanswered", () => resend(entry));
  };

  const transmit = (entry) => {
    connection.send(entry.payload);
    awaiting = entry;
    if (entry.item) view.setDelivery(entry.item, null);
    view.showTyping(true);
    watch.sent();
  };
  const queue = (entry) => {
    outbox.push(entry);
    view.setDelivery(entry.item, "queued");
    connection.start();
  };
  const resend = (entry) => (connection.ready ? transmit(entry) : queue(entry));

  const show = (message) => {
    const item = view.renderMessage(message, { live: true });
    if (!view.isOpen && message.from === "bot") view.setUnread(true);
    return item;
  };
  const pacer = createPacer({
    render: show,
    delay: (lead, next) => pauseBetween(lead, next, config),
    continues: (message) => isSourceLine(message.text),
    onBusy: (busy) => view.showTyping(busy),
  });
  // Stored at once (a reload loses nothing); bot messages shown at a reading pace.
  const add = (message) => {
    store.add(message);
    if (message.from !== "bot") {
      pacer.flush();
      return show(message);
    }
    pacer.push(message);
    if (severityOf(message.text) === "emergency") pacer.flush();
    return null;
  };

  // Never refused: while connecting the message waits, marked, and goes out once connected.
  const send = (payload, label) => {
    store.spendButtons();
    view.spendButtons();
    resend({ payload, item: add({ from: "user", text: label, ts: Date.now() }) });
    return true;
  };

  const forgetPending = () => {
    outbox.length = 0;
    awaiting = null;
    watch.stop();
    pacer.clear();
    view.showTyping(false);
  };

  // After a confirmed "forget me" the server has deleted the conversation; the copy in
  // this browser goes too, and a new session starts (the old id is never used again).
  const forget = () => {
    forgetPending();
    store.clear();
    view.clearLog();
    add({ from: "system", text: "This conversation has been deleted, from the assistant and from this browser.", ts: Date.now() });
    connection.newSession();
  };

  const view = createView(root, config, {
    send,
    toggle(open) {
      store.setOpen(open);
      if (!open) return;
      if (!connection.ready && !offline) view.setStatus(config.connectingText);
      connection.start();
    },
    restart() {
      forgetPending();
      store.clear();
      view.clearLog();
      connection.newSession();
      view.focusInput();
    },
    retry() {
      view.setStatus(config.connectingText);
      connection.retry();
    },
  });

  const connection = createConnection(config, store, {
    onReady({ lost }) {
      offline = false;
      view.setStatus(null);
      if (lost && store.messages.length) {
        add({ from: "system", text: "The previous conversation could not be resumed, so a new one has started.", ts: Date.now() });
      }
      if (!store.messages.length && config.initialPayload) {
        transmit({ payload: config.initialPayload, item: null }); // greeting; not shown as a user message
      }
      while (outbox.length) transmit(outbox.shift());
    },
    onOffline({ retrying }) {
      offline = true;
      watch.stop();
      markUnanswered(); // its reply, if any, is lost with the connection
      view.setStatus(
        `Can't reach the assistant right now.${retrying ? " Trying again…" : ""}`,
        { retry: true }
      );
    },
    onBotMessage(data) {
      if (data.forgotten === true) return forget(); // the bot deleted this conversation
      const message = botMessage(data);
      if (!message) return;
      watch.answered();
      if (awaiting?.item) view.setDelivery(awaiting.item, null);
      awaiting = null;
      add(message);
    },
  });

  for (const message of store.messages) view.renderMessage(message, { live: false });
  if (store.open) view.open({ focus: false }); // reopen after a reload, without stealing focus
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
else mount();
