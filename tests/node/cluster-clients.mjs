// socket.io-client 4.8 peers of the in-process cluster test (tests/TypedSockets.InteropTests/Redis/ClusterTests.cs):
// client a on the first node, b and c on the second, d on the second in namespace /admin. Every event any of them receives is printed as a JSON line;
// "question" is answered with the client's name (c never answers "slowQuestion"). Prints {"kind":"ready"} with the
// socket ids, then runs until stdin closes.
// Usage: node cluster-clients.mjs <node url> <node url>
import { io } from "socket.io-client";

const [first, second] = process.argv.slice(2);
const out = (record) => console.log(JSON.stringify(record));
const clients = { a: first, b: second, c: second, d: second + "/admin" };
const sockets = {};

for (const [name, url] of Object.entries(clients)) {
  const socket = io(url, { transports: ["websocket"], forceNew: true, reconnection: false, timeout: 5000 });
  socket.onAny((event, ...args) => {
    const ack = typeof args[args.length - 1] === "function" ? args.pop() : null;
    out({ kind: "event", client: name, event, args });
    if (ack && !(name === "c" && event === "slowQuestion")) ack(name);
  });
  socket.on("disconnect", (reason) => out({ kind: "disconnected", client: name, reason }));
  sockets[name] = socket;
}

try {
  await Promise.all(Object.values(sockets).map((s) => new Promise((resolve, reject) => {
    s.once("connect", resolve);
    s.once("connect_error", (err) => reject(new Error(`connect_error: ${err.message}`)));
  })));
  out({ kind: "ready", ids: Object.fromEntries(Object.entries(sockets).map(([name, s]) => [name, s.id])) });
} catch (err) {
  out({ error: String(err?.stack ?? err) });
  process.exit(1);
}

process.stdin.resume();
process.stdin.on("end", () => {
  for (const s of Object.values(sockets)) s.disconnect();
  setTimeout(() => process.exit(), 50).unref();
});
