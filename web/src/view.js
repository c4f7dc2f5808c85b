// Builds the widget's DOM (launcher, panel, log, form) and renders messages.
// Message text only ever reaches the page as text nodes and built elements (format.js,
// markdown.js, summary.js): nothing is parsed as HTML.
import { formatText, isSourceLine, safeHttpUrl, splitLevel } from "./format.js";
import { el, icon, srOnly } from "./dom.js";
import { emergencyBar, emergencyLead } from "./emergency.js";
import { createScroller } from "./scroll.js";
import { autoGrow, isSendKey } from "./composer.js";
import { followVisualViewport } from "./viewport.js";
import { parseSummary, summaryCard } from "./summary.js";
import { formatMessage } from "./markdown.js";
import { startsTurn, timeLabel } from "./time.js";

const LEVEL_LABELS = { emergency: "Emergency", urgent: "Urgent", doctor: "See a doctor" };

export function createView(root, config, on) {
  const doc = root.ownerDocument || document;
  const win = doc.defaultView;
  // On touch screens focusing the input opens the keyboard over the next question's buttons.
  const touch = () => Boolean(win.matchMedia?.("(pointer: coarse)").matches);
  const sr = (text) => srOnly(doc, text);

  const badge = el(doc, "span", { class: "tw-badge", hidden: true }, [sr(" (new messages)")]);
  const launcher = el(
    doc,
    "button",
    { type: "button", class: "tw-launcher", "aria-expanded": "false", "aria-controls": "tw-panel" },
    [icon(doc, "chat"), el(doc, "span", { text: config.launcherLabel }), badge]
  );
  const title = el(doc, "h2", { id: "tw-title", class: "tw-title", tabindex: "-1", text: config.title });
  const restartButton = el(doc, "button", { type: "button", class: "tw-restart", "aria-expanded": "false", "aria-controls": "tw-confirm" }, [
    "Restart",
    sr(" conversation"),
  ]);
  const closeButton = el(
    doc,
    "button",
    { type: "button", class: "tw-close", "aria-label": "Close chat" },
    [icon(doc, "close")]
  );
  // The live region stays in the DOM (empty when there is nothing to say): screen readers
  // miss text inserted into a live region that appears at the same moment.
  const statusText = el(doc, "span", { class: "tw-status-text", role: "status" });
  const retryButton = el(doc, "button", { type: "button", class: "tw-retry", hidden: true }, [
    "Retry",
  ]);
  const status = el(doc, "div", { class: "tw-status" }, [statusText, retryButton]);
  const embar = emergencyBar(doc, config);
  // Restart deletes the conversation (the doctor summary too): it asks first.
  const confirmYes = el(doc, "button", { type: "button", class: "tw-confirm-yes", text: config.restartConfirmYes });
  const confirmNo = el(doc, "button", { type: "button", class: "tw-confirm-no", text: config.restartConfirmNo });
  const confirm = el(doc, "div", { id: "tw-confirm", class: "tw-confirm", role: "group", "aria-labelledby": "tw-confirm-text", hidden: true }, [
    el(doc, "p", { id: "tw-confirm-text", class: "tw-confirm-text", text: config.restartConfirm }),
    el(doc, "div", { class: "tw-confirm-actions" }, [confirmNo, confirmYes]),
  ]);
  const askRestart = (asking) => {
    confirm.hidden = !asking;
    restartButton.setAttribute("aria-expanded", String(asking));
    (asking ? confirmNo : restartButton).focus();
  };
  // The log is a live region holding a real list: role="log" on the <ol> itself would
  // strip its list semantics (axe: listitem).
  const items = el(doc, "ol", { class: "tw-items" });
  const log = el(doc, "div", {
    class: "tw-log",
    role: "log",
    "aria-live": "polite",
    "aria-relevant": "additions",
    "aria-label": "Conversation",
    tabindex: "0", // lets keyboard users scroll the history
  }, [items]);
  const pill = el(doc, "button", { type: "button", class: "tw-pill", hidden: true }, ["New messages"]);
  const typing = el(doc, "div", { class: "tw-typing", hidden: true }, [
    el(doc, "span", { class: "tw-dots", "aria-hidden": "true" }, [
      el(doc, "span"),
      el(doc, "span"),
      el(doc, "span"),
    ]),
    sr("The assistant is typing…"),
  ]);
  const input = el(doc, "textarea", {
    id: "tw-input",
    class: "tw-input",
    rows: "1",
    autocomplete: "off",
    maxlength: "2000", // the server refuses longer messages too
    enterkeyhint: "send",
    placeholder: config.placeholder,
  });
  const form = el(doc, "form", { class: "tw-form" }, [
    el(doc, "label", { class: "tw-sr", for: "tw-input", text: "Your message" }),
    input,
    el(doc, "button", { type: "submit", class: "tw-send" }, ["Send"]),
  ]);
  const focusComposer = () => {
    if (!touch()) input.focus();
  };
  const panel = el(
    doc,
    "section",
    { id: "tw-panel", class: "tw-panel", role: "dialog", "aria-labelledby": "tw-title", hidden: true },
    [
      el(doc, "header", { class: "tw-header" }, [
        title,
        restartButton,
        closeButton,
      ]),
      el(doc, "p", { class: "tw-disclaimer", text: config.disclaimer }),
      confirm,
      embar,
      status,
      el(doc, "div", { class: "tw-logwrap" }, [log, pill]),
      typing,
      form,
    ]
  );
  root.append(el(doc, "div", { class: "tw" }, [launcher, panel]));

  let previous = null; // the last message shown, for one time per turn
  const scroller = createScroller(log, items, (unseen) => {
    pill.hidden = !unseen;
  });
  pill.addEventListener("click", () => scroller.showUnseen());

  const view = {
    get isOpen() {
      return !panel.hidden;
    },
    open({ focus = true } = {}) {
      panel.hidden = false;
      launcher.hidden = true;
      launcher.setAttribute("aria-expanded", "true");
      badge.hidden = true;
      scroller.toEnd();
      if (focus) {
        if (touch()) title.focus(); // into the dialog, without the keyboard
        else input.focus();
      }
      on.toggle(true);
    },
    close() {
      panel.hidden = true;
      launcher.hidden = false;
      launcher.setAttribute("aria-expanded", "false");
      launcher.focus();
      on.toggle(false);
    },
    focusInput: focusComposer,
    setUnread(unread) {
      badge.hidden = !unread;
    },
    showTyping(visible) {
      typing.hidden = !visible;
    },
    /** A status line above the log (null hides it), optionally with the Retry button. */
    setStatus(text, { retry = false } = {}) {
      status.classList.toggle("tw-status--on", Boolean(text));
      // Unchanged text is not rewritten, so repeated reconnection failures are announced once.
      if (statusText.textContent !== (text || "")) statusText.textContent = text || "";
      retryButton.hidden = !retry;
    },
    clearLog() {
      items.replaceChildren();
      previous = null;
      embar.hidden = true;
      scroller.reset();
    },
    spendButtons() {
      for (const b of items.querySelectorAll(".tw-buttons button")) b.disabled = true;
    },
    /** Appends one stored message; `live` is false when replaying history after a reload. */
    renderMessage(message, { live }) {
      const { level, body } = message.from === "bot" ? splitLevel(message.text) : { level: null, body: message.text };
      const bubble = el(doc, "div", { class: `tw-bubble${level ? ` tw-level tw-${level}` : ""}` });
      if (message.from !== "system") {
        bubble.append(sr(message.from === "user" ? "You said: " : "Assistant: "));
      }
      if (level === "emergency") {
        bubble.append(...emergencyLead(doc, config));
        embar.hidden = false; // stays for the rest of this conversation
        // Only announce assertively when it arrives, not when history is replayed.
        if (live) bubble.setAttribute("role", "alert");
      } else if (level) {
        bubble.append(icon(doc, "warning"));
      }
      const label = level && level !== "emergency" ? [el(doc, "strong", { class: "tw-level-label", text: `${LEVEL_LABELS[level]}: ` })] : [];
      const summary = message.from === "bot" && !level ? parseSummary(body, config.summaryHeading) : null;
      if (summary) {
        bubble.append(summaryCard(doc, summary, message.ts || Date.now(), root.host || root));
      } else if (message.from === "bot" && (body || label.length)) {
        bubble.append(el(doc, "div", { class: "tw-text" }, formatMessage(doc, body, label)));
      } else if (body) {
        bubble.append(el(doc, "p", { class: "tw-text" }, [formatText(doc, body)])); // the user's words, as typed
      }
      const src = message.image && safeHttpUrl(message.image);
      if (src) bubble.append(el(doc, "img", { src, alt: "Image sent by the assistant", loading: "lazy" }));

      const kind = level || (summary ? "summary" : message.from === "bot" && isSourceLine(body) ? "source" : "");
      const item = el(doc, "li", { class: `tw-msg tw-msg--${message.from}${kind ? ` tw-msg--${kind}` : ""}` }, [bubble]);
      if (message.buttons?.length) {
        const group = el(doc, "div", { class: "tw-buttons", role: "group", "aria-label": "Suggested replies" });
        for (const { title, payload } of message.buttons) {
          group.append(
            el(doc, "button", {
              type: "button",
              class: "tw-choice",
              disabled: Boolean(message.spent),
              text: title,
              onclick: () => {
                if (!on.send(payload, title)) return;
                // The clicked button is now disabled: focus moves on, to the input only with a keyboard.
                if (touch()) log.focus({ preventScroll: true });
                else input.focus();
              },
            })
          );
        }
        item.append(group);
      }
      if (message.ts && startsTurn(previous, message)) {
        item.prepend(
          el(doc, "time", { class: "tw-time", datetime: new Date(message.ts).toISOString(), text: timeLabel(message.ts) })
        );
      }
      previous = message;
      items.append(item);
      scroller.added(item, { from: message.from, live, start: level === "emergency" });
      return item;
    },
    /** Marks a sent message: "queued" (waiting for the connection), "unanswered" (with Retry) or null. */
    setDelivery(item, state, onRetry) {
      item.querySelector(".tw-delivery")?.remove();
      item.classList.toggle("tw-msg--unanswered", state === "unanswered");
      if (!state) return;
      const note = el(doc, "p", { class: `tw-delivery tw-delivery--${state}` }, [
        state === "queued" ? config.queuedText : config.unansweredText,
      ]);
      if (state === "unanswered") {
        note.append(" - ", el(doc, "button", { type: "button", class: "tw-delivery-retry", text: "Retry", onclick: onRetry }));
      }
      item.append(note);
    },
  };

  launcher.addEventListener("click", () => view.open());
  closeButton.addEventListener("click", () => view.close());
  restartButton.addEventListener("click", () => askRestart(confirm.hidden));
  confirmNo.addEventListener("click", () => askRestart(false));
  confirmYes.addEventListener("click", () => {
    confirm.hidden = true;
    restartButton.setAttribute("aria-expanded", "false");
    on.restart();
  });
  retryButton.addEventListener("click", () => on.retry());
  panel.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    event.preventDefault();
    if (!confirm.hidden) askRestart(false); // Escape backs out of the question first
    else view.close();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (text && on.send(text, text)) {
      input.value = "";
      autoGrow(input);
    }
  });
  input.addEventListener("input", () => autoGrow(input));
  input.addEventListener("keydown", (event) => {
    if (!isSendKey(event)) return;
    event.preventDefault();
    form.requestSubmit();
  });
  followVisualViewport(win, panel, () => scroller.keepLatest());

  return view;
}
