// Talks to the Rasa socket.io channel: asks for a session (resuming the stored one with
// its token when there is one), sends user messages and passes bot messages on.
import { io } from "socket.io-client";

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

  socket.on("connect", () => {
    const { sessionId, token } = store.session;
    socket.emit("session_request", sessionId ? { session_id: sessionId, token } : {});
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
      if (socket.connected) socket.emit("session_request", {});
      else this.start();
    },
  };
}
