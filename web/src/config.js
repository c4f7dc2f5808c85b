// Reads the page's window.TwitchWidgetConfig and fills in defaults.
const DEFAULTS = {
  serverUrl: "http://localhost:5005", // the Rasa server (socket.io channel)
  socketPath: "/socket.io/",
  title: "Muscle twitching assistant",
  launcherLabel: "Ask about muscle twitching",
  placeholder: "Type your question…",
  disclaimer:
    "Information, not a diagnosis. In an emergency call your local emergency number now.",
  initialPayload: "/greet", // sent (not shown) when a new conversation starts
  userEvent: "user_uttered", // credentials.yml user_message_evt
  botEvent: "bot_uttered", // credentials.yml bot_message_evt
  storageKey: "twitch-widget",
  historyDays: 7, // stored conversations older than this are dropped (shared devices)
  maxHistory: 200, // messages kept in localStorage
  replyExpectedMs: 3000, // how long a reply takes at first (then learnt from the replies)
  replyGraceMs: 5000, // past the expected time, an unanswered message is marked "No answer yet"
  connectingText: "Connecting to the assistant…",
  queuedText: "Waiting to send…",
  unansweredText: "No answer yet",
  restartConfirm:
    "Start again? This deletes this conversation from this browser, including any summary for your doctor.",
  restartConfirmYes: "Delete and start again",
  restartConfirmNo: "Keep it",
  summaryHeading: "Summary for your doctor", // a bot message starting so is shown as a document
  burstGapMs: 600, // between the messages of one reply, so each can be taken in
  outcomePauseMs: [2000, 5000], // reading time after a triage outcome before the next message (min, max)
  readMsPerWord: 120,
  emergencyNumber: null, // the site's emergency number (e.g. "999"): the EMERGENCY card's call button
  emergencyExamples: [["999", "UK"], ["911", "US"], ["112", "EU"]], // offered when none is set
  emergencyInstruction: "Call {number} now.",
  emergencyInstructionGeneric: "Call your local emergency number now.",
  emergencyBarText: "Emergency",
};

export function readConfig(pageConfig) {
  const config = { ...DEFAULTS, ...(pageConfig || {}) };
  config.serverUrl = String(config.serverUrl).replace(/\/+$/, "");
  return config;
}
