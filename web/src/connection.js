// Talks to the Rasa socket.io channel: asks for a session (resuming the stored one with
// its token when there is one), sends user messages and passes bot messages on.
// The server renews the token while the session is in use ("session_token"), and says
// "session_busy" while another connection holds the session: usually this browser's own
// old connection after a network drop, which the server drops within ~20 s.
import { io } from "socket.io-client";

const BUSY_RETRIES = 15; // ~30 s: then give up on the stored session and start a new one

export function createConnection(config, store, handlers) {
  const socket = io(config.serverUrl, {
    path: config.socketPath,
    autoConnect: false, // no connection (and no server-side conversation) until the chat is opened
    reconnection: true,
    reconnectionDelay: 1000,
    reconnectionDelayMax: 10000,
    timeout: 8000,
  });
  let ready = false;
  let started = false;
  let busyRetries = 0;
  let busyTimer = null;

  const requestSession = () => {
    const { sessionId, token } = store.session;
    socket.emit("session_request", sessionId ? { session_id: sessionId, token } : {});
  };

  socket.on("connect", () => {
    busyRetries = 0;
    requestSession();
  });

  socket.on("session_busy", (data) => {
    clearTimeout(busyTimer);
    if (busyRetries >= BUSY_RETRIES) {
      socket.emit("session_request", {}); // a new session; onReady reports the old one as lost
      return;
    }
    busyRetries += 1;
    const seconds = Math.min(Math.max(Number(data?.retry_after) || 2, 1), 30);
    busyTimer = setTimeout(() => socket.connected && requestSession(), seconds * 1000);
  });

  socket.on("session_token", (data) => {
    if (data?.session_id && data.session_id === store.session.sessionId && typeof data.token === "string") {
      store.setSession(data.session_id, data.token);
    }
  });

  socket.on("session_confirm", (data) => {
    // Our channel sends {session_id, token, resumed}; Rasa's stock channel only the id.
    const sessionId = typeof data === "string" ? data : data?.session_id;
    if (!sessionId) return;
    const previous = store.session.sessionId;
    store.setSession(sessionId, typeof data === "string" ? null : data.token ?? null);
    ready = true;
    handlers.onReady({ lost: Boolean(previous) && previous !== sessionId });
  });

  socket.on(config.botEvent, (data) => handlers.onBotMessage(data || {}));

  socket.on("connect_error", () => {
    ready = false;
    handlers.onOffline({ retrying: socket.active });
  });

  socket.on("disconnect", (reason) => {
    ready = false;
    if (reason !== "io client disconnect") handlers.onOffline({ retrying: socket.active });
  });

  return {
    get ready() {
      return ready && socket.connected;
    },
    start() {
      if (!started) {
        started = true;
        socket.connect();
      }
    },
    /** Manual retry: skip the remaining reconnection back-off. */
    retry() {
      started = true;
      socket.disconnect();
      socket.connect();
    },
    send(text) {
      if (!this.ready) return false;
      socket.emit(config.userEvent, { message: text, session_id: store.session.sessionId });
      return true;
    },
    /** Ask for a brand-new session (the caller has already cleared the store). */
    newSession() {
      ready = false;
      clearTimeout(busyTimer);
      if (socket.connected) socket.emit("session_request", {});
      else this.start();
    },
  };
}
