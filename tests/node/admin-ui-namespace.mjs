// The /admin namespace of SeedTour with socket.io-client: the login of the Admin UI's protocol (wrong and missing
// credentials refused, the right ones admitted with a session id that later logs in alone), its config and server
// stats; and a SeedTour without --admin-ui, where /admin is an unknown namespace.
// Usage: node admin-ui-namespace.mjs <url with --admin-ui> <username> <password> <url without --admin-ui>
// Prints JSON lines like seedtour.mjs; any failure prints {"error":...} and exits 1.
import { io } from "socket.io-client";

const [url, username, password, plainUrl] = process.argv.slice(2);
const out = (record) => console.log(JSON.stringify(record));
const opened = [];

const watchdog = setTimeout(() => {
  out({ error: "admin namespace scenario timed out" });
  process.exit(1);
}, 15000);

const open = (base, auth) => {
  const socket = io(base + "/admin", { auth, transports: ["websocket"], reconnection: false, forceNew: true });
  opened.push(socket);
  return socket;
};
const refusal = (socket) => new Promise((resolve, reject) => {
  socket.once("connect", () => reject(new Error("connected without valid credentials")));
  socket.once("connect_error", (err) => resolve(err.message));
});
const next = (socket, event) => new Promise((resolve) => socket.once(event, (...args) => resolve(args)));

try {
  out({ kind: "wrongPassword", message: await refusal(open(url, { username, password: password + "!" })) });
  out({ kind: "noCredentials", message: await refusal(open(url, undefined)) });

  const admin = open(url, { username, password });
  // Listening to all three before any arrives: they can come in one read.
  const [[session], [config], [stats]] = await Promise.all([next(admin, "session"), next(admin, "config"), next(admin, "server_stats")]);
  out({ kind: "admitted", session, config });
  out({ kind: "stats", serverId: stats.serverId, clientsCount: stats.clientsCount, namespaces: stats.namespaces.map((n) => n.name) });

  const again = open(url, { sessionId: session });
  await next(again, "config");
  out({ kind: "reconnected", withSession: again.connected });

  out({ kind: "withoutFlag", message: await refusal(open(plainUrl, { username, password })) });
  out({ kind: "done" });
} catch (err) {
  out({ error: String(err?.stack ?? err) });
  process.exitCode = 1;
} finally {
  clearTimeout(watchdog);
  for (const socket of opened) {
    socket.close();
  }
}
