// The demo page's widget configuration. `?server=` points the widget at a bot on another
// port of this machine (development); any other address is ignored, so a link cannot point
// this trusted page at someone else's server.
"use strict";

const DEFAULT_SERVER = "http://localhost:5005";
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** The bot URL to use: `requested` if it is an http(s) URL on this machine, else the default. */
function chooseServer(requested, fallback = DEFAULT_SERVER) {
  if (!requested) return fallback;
  let url;
  try {
    url = new URL(requested);
  } catch {
    return fallback;
  }
  const local = LOOPBACK_HOSTS.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
  if (!["http:", "https:"].includes(url.protocol) || !local || url.username || url.password) return fallback;
  return url.origin;
}

if (typeof window !== "undefined") {
  window.TwitchWidgetConfig = {
    serverUrl: chooseServer(new URLSearchParams(window.location.search).get("server")),
    title: "Muscle twitching assistant",
    initialPayload: "/greet",
  };
} else if (typeof module !== "undefined") {
  module.exports = { chooseServer, DEFAULT_SERVER };
}
