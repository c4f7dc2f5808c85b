// Keeps the conversation in localStorage so it survives a page reload: Rasa's
// socket.io channel does not replay history, so the rendered messages are stored
// here along with the server-issued session id and token.
const VERSION = 1;
const DAY_MS = 24 * 60 * 60 * 1000;

function storage() {
  try {
    const s = window.localStorage;
    const probe = "__twitch_widget_probe__";
    s.setItem(probe, probe);
    s.removeItem(probe);
    return s;
  } catch {
    return null; // disabled or full: the widget still works, it just forgets on reload
  }
}

function empty() {
  return { v: VERSION, sessionId: null, token: null, messages: [], open: false, updated: 0 };
}

export function createStore(config) {
  const backend = storage();
  const key = `${config.storageKey}:${config.serverUrl}`;
  let state = empty();

  try {
    const saved = backend && JSON.parse(backend.getItem(key) || "null");
    const fresh = saved && Date.now() - saved.updated < config.historyDays * DAY_MS;
    if (saved && saved.v === VERSION && fresh && Array.isArray(saved.messages)) {
      state = { ...empty(), ...saved };
    }
  } catch {
    /* corrupt entry: start over */
  }

  function save() {
    state.updated = Date.now();
    state.messages = state.messages.slice(-config.maxHistory);
    try {
      backend?.setItem(key, JSON.stringify(state));
    } catch {
      /* quota exceeded: keep going in memory */
    }
  }

  return {
    get session() {
      return { sessionId: state.sessionId, token: state.token };
    },
    get messages() {
      return state.messages;
    },
    get open() {
      return state.open;
    },
    setSession(sessionId, token) {
      state.sessionId = sessionId;
      state.token = token;
      save();
    },
    setOpen(open) {
      state.open = open;
      save();
    },
    add(message) {
      state.messages.push(message);
      save();
    },
    /** Quick replies answer the latest bot turn only; older ones are kept but spent. */
    spendButtons() {
      for (const m of state.messages) if (m.buttons?.length) m.spent = true;
      save();
    },
    clear() {
      state = { ...empty(), open: state.open };
      save();
    },
  };
}
