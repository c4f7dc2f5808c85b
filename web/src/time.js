// One time per turn (a run of messages from the same side), with the date when it is not today.
const TURN_GAP_MS = 10 * 60 * 1000;

/** Whether `message` opens a new turn after `previous` (null: the first message). */
export function startsTurn(previous, message) {
  return !previous || previous.from !== message.from || message.ts - previous.ts > TURN_GAP_MS;
}

/** "08:35" today; "3 Dec, 08:35" on other days this year; with the year before that. */
export function timeLabel(ts, now = Date.now()) {
  const when = new Date(ts);
  const today = new Date(now);
  const clock = when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  if (when.toDateString() === today.toDateString()) return clock;
  const date = when.toLocaleDateString([], {
    day: "numeric",
    month: "short",
    ...(when.getFullYear() !== today.getFullYear() && { year: "numeric" }),
  });
  return `${date}, ${clock}`;
}
