// Paces a burst of bot messages so each can be read before the next arrives: after a triage
// outcome the next question waits a reading pause; an emergency never waits.
import { severityOf } from "./format.js";

const wordCount = (text) => String(text || "").split(/\s+/).filter(Boolean).length;

/** How long `next` waits after `lead`: an outcome is read before the next question; emergencies never wait. */
export function pauseBetween(lead, next, config) {
  if (severityOf(next.text) === "emergency") return 0;
  if (!severityOf(lead.text)) return config.burstGapMs;
  const [min, max] = config.outcomePauseMs;
  return Math.min(max, Math.max(min, wordCount(lead.text) * config.readMsPerWord));
}

/** Calls `render(message)` for each pushed message, `delay(lead, next)` ms after the lead (a continuation: at once). */
export function createPacer({ render, delay, continues, onBusy = () => {}, now = Date.now, timers = globalThis }) {
  const queue = [];
  let lead = null; // the last rendered message that starts something (not a continuation)
  let leadAt = 0;
  let timer = null;

  function show(message) {
    queue.shift();
    if (!continues(message)) {
      lead = message;
      leadAt = now();
    }
    render(message);
  }

  function pump() {
    timer = null;
    while (queue.length) {
      const wait = lead && !continues(queue[0]) ? leadAt + delay(lead, queue[0]) - now() : 0;
      if (wait > 0) {
        onBusy(true);
        timer = timers.setTimeout(pump, wait);
        return;
      }
      show(queue[0]);
    }
    onBusy(false);
  }

  return {
    push(message) {
      queue.push(message);
      if (!timer) pump();
    },
    /** Shows everything waiting at once (an emergency, or the user answering); no pause follows. */
    flush() {
      timers.clearTimeout(timer);
      timer = null;
      while (queue.length) show(queue[0]);
      lead = null;
      onBusy(false);
    },
    /** Drops what is waiting (Restart). */
    clear() {
      timers.clearTimeout(timer);
      timer = null;
      queue.length = 0;
      lead = null;
      onBusy(false);
    },
    get waiting() {
      return queue.length;
    },
  };
}
