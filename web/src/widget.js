// Entry point: mounts the widget in a shadow root (so host-page CSS neither breaks
// it nor is broken by it) and wires the view, the stored history and the connection.
import css from "./widget.css";
import { readConfig } from "./config.js";
import { createStore } from "./store.js";
import { createConnection } from "./connection.js";
import { createView } from "./view.js";
import { isSourceLine, safeHttpUrl, severityOf } from "./format.js";
import { createPacer, pauseBetween } from "./pacer.js";

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
  let replyTimer = null;

  const showTyping = (visible) => {
    clearTimeout(replyTimer);
    view.showTyping(visible);
    if (visible) replyTimer = setTimeout(() => view.showTyping(false), config.replyTimeoutMs);
  };

  const show = (message) => {
    view.renderMessage(message, { live: true });
    if (!view.isOpen && message.from === "bot") view.setUnread(true);
  };
  const pacer = createPacer({
    render: show,
    delay: (lead, next) => pauseBetween(lead, next, config),
    continues: (message) => isSourceLine(message.text),
    onBusy: (busy) => view.showTyping(busy),
  });
  // Stored at once (a reload loses nothing); shown at a reading pace.
  const add = (message) => {
    store.add(message);
    if (message.from !== "bot") {
      pacer.flush();
      show(message);
      return;
    }
    pacer.push(message);
    if (severityOf(message.text) === "emergency") pacer.flush();
  };

  const send = (payload, label) => {
    if (!connection.ready) {
      view.setStatus("Not connected to the assistant, so your message was not sent.", {
        retry: true,
      });
      return false;
    }
    connection.send(payload);
    store.spendButtons();
    view.spendButtons();
    add({ from: "user", text: label, ts: Date.now() });
    showTyping(true);
    return true;
  };

  // After a confirmed "forget me" the server has deleted the conversation; the copy in
  // this browser goes too, and a new session starts (the old id is never used again).
  const forget = () => {
    pacer.clear();
    store.clear();
    view.clearLog();
    showTyping(false);
    add({ from: "system", text: "This conversation has been deleted, from the assistant and from this browser.", ts: Date.now() });
    connection.newSession();
  };

  const view = createView(root, config, {
    send,
    toggle(open) {
      store.setOpen(open);
      if (open) connection.start();
    },
    restart() {
      pacer.clear();
      store.clear();
      view.clearLog();
      showTyping(false);
      connection.newSession();
      view.focusInput();
    },
    retry() {
      view.setStatus("Connecting…");
      connection.retry();
    },
  });

  const connection = createConnection(config, store, {
    onReady({ lost }) {
      view.setStatus(null);
      if (lost && store.messages.length) {
        add({ from: "system", text: "The previous conversation could not be resumed, so a new one has started.", ts: Date.now() });
      }
      if (!store.messages.length && config.initialPayload) {
        connection.send(config.initialPayload); // greeting; not shown as a user message
        showTyping(true);
      }
    },
    onOffline({ retrying }) {
      showTyping(false);
      view.setStatus(
        `Can't reach the assistant right now.${retrying ? " Trying again…" : ""}`,
        { retry: true }
      );
    },
    onBotMessage(data) {
      if (data.forgotten === true) return forget(); // the bot deleted this conversation
      const message = botMessage(data);
      if (!message) return;
      clearTimeout(replyTimer);
      add(message);
    },
  });

  for (const message of store.messages) view.renderMessage(message, { live: false });
  if (store.open) view.open({ focus: false }); // reopen after a reload, without stealing focus
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
else mount();
