// Notices a reply that does not come: a few seconds after the time replies usually take
// (learnt from this conversation's own replies), the unanswered message is marked.
const LEARN = 0.3; // weight of the newest reply time in the running average

export function createReplyWatch({ expectedMs, graceMs, onLate, now = Date.now, timers = globalThis }) {
  let typical = null; // the running average reply time, once there is one
  let sentAt = null;
  let timer = null;

  const stop = () => {
    timers.clearTimeout(timer);
    timer = null;
    sentAt = null;
  };

  return {
    /** The deadline a reply has now, in ms after sending. */
    get deadlineMs() {
      return (typical === null ? expectedMs : Math.max(expectedMs, 1.5 * typical)) + graceMs;
    },
    /** A message went out: wait for its reply. */
    sent() {
      timers.clearTimeout(timer);
      sentAt = sentAt ?? now();
      timer = timers.setTimeout(() => {
        timer = null;
        onLate();
      }, this.deadlineMs);
    },
    /** A bot message came: the wait is over, and its time teaches what to expect. */
    answered() {
      if (sentAt !== null) {
        const took = now() - sentAt;
        typical = typical === null ? took : (1 - LEARN) * typical + LEARN * took;
      }
      stop();
    },
    stop,
  };
}
