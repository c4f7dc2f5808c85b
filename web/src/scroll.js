// Where the conversation scrolls when a message arrives: a reader is never chased. The start
// of the current reply stays in view (a long answer is read from its top, an outcome is not
// pushed away by the next question), and a reader who scrolled up is left where they are.
const NEAR_BOTTOM_PX = 24;
const GAP_PX = 8;
const PAGE = 0.85; // of the visible height: a page down keeps a line of context

/** The scrollTop for a new bot message: as far down as possible without passing the reply's start, never up. */
export function nextScrollTop({ current, replyStart, maxTop }) {
  return Math.max(current, Math.min(replyStart, maxTop));
}

/** Follows the conversation: `log` scrolls, `items` holds the messages; `onUnseen(bool)` says whether messages wait below. */
export function createScroller(log, items, onUnseen) {
  let replyStart = null; // first message of the bot's current reply
  let following = true; // the reader is at the latest messages
  let autoTop = null; // the last position we set, to tell our scrolls from the reader's

  const maxTop = () => Math.max(0, log.scrollHeight - log.clientHeight);
  const atBottom = () => maxTop() - log.scrollTop < NEAR_BOTTOM_PX;
  const topOf = (item) =>
    item.getBoundingClientRect().top - log.getBoundingClientRect().top + log.scrollTop - GAP_PX;
  const set = (top) => {
    log.scrollTop = top;
    autoTop = log.scrollTop;
    onUnseen(!atBottom());
  };

  log.addEventListener("scroll", () => {
    if (autoTop !== null && Math.abs(log.scrollTop - autoTop) < 2) return;
    autoTop = null;
    following = atBottom();
    if (following) onUnseen(false);
  });

  return {
    /** A message was appended; `live` is false when history is replayed; `start` makes it the reply's start. */
    added(item, { from, live, start = false }) {
      if (!live || from !== "bot") {
        replyStart = null;
        following = true;
        set(maxTop());
        return;
      }
      if (!following) return onUnseen(true);
      if (start || !replyStart || !replyStart.isConnected) replyStart = item;
      set(nextScrollTop({ current: log.scrollTop, replyStart: topOf(replyStart), maxTop: maxTop() }));
    },
    /** The "new messages" pill: the next message not yet seen to the top, or a page further into a long one. */
    showUnseen() {
      const viewBottom = log.getBoundingClientRect().bottom;
      const next = [...items.children].find((item) => item.getBoundingClientRect().bottom > viewBottom + 1);
      const start = next ? topOf(next) : maxTop();
      const top = start > log.scrollTop + 1 ? start : log.scrollTop + PAGE * log.clientHeight;
      following = true;
      set(Math.min(top, maxTop()));
    },
    /** After the log shrank (the phone keyboard): the latest message back in view, from its start if long. */
    keepLatest() {
      const last = items.lastElementChild;
      if (following && last) set(Math.min(topOf(last), maxTop()));
    },
    toEnd() {
      following = true;
      set(maxTop());
    },
    reset() {
      replyStart = null;
      following = true;
      onUnseen(false);
    },
  };
}
