// Scenarios against the typed TestHub (tests/TypedSockets.Testing/Hubs) played by socket.io-client 4.8.
// Usage: node hubs.mjs <scenario> <base url> [json|msgpack] [websocket|polling]. Prints one JSON object per line,
// then {"kind":"done"}. The third argument picks the client's parser (socket.io-msgpack-parser for msgpack).
import { createRequire } from "node:module";
import { io } from "socket.io-client";
import { out, runScenario } from "./scenario-runner.mjs";

const [scenarioName, baseUrl, parserName = "json", transport = "websocket"] = process.argv.slice(2);
const msgpackParser = createRequire(import.meta.url)("socket.io-msgpack-parser");
const clients = [];

function connect(auth, parser = parserName) {
  const options = { transports: [transport], forceNew: true, reconnection: false, timeout: 5000, auth };
  if (parser === "msgpack") options.parser = msgpackParser;
  const socket = io(baseUrl + "/test", options);
  socket.received = [];
  socket.onAny((event, ...args) => socket.received.push({ event, args }));
  clients.push(socket);
  return socket;
}

const connected = (socket) => socket.connected ? socket : new Promise((resolve, reject) => {
  socket.once("connect", () => resolve(socket));
  socket.once("connect_error", (err) => reject(new Error(`connect_error: ${err.message}`)));
});

async function until(socket, predicate, what) {
  for (let i = 0; i < 500; i++) {
    if (predicate(socket.received)) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const ack = (socket, ...args) => socket.timeout(5000).emitWithAck(...args);

const scenarios = {
  async calls() {
    const socket = await connected(connect({ token: "abc" }));
    await until(socket, (r) => r.some((e) => e.event === "welcome"), "welcome");
    out({ kind: "welcome", args: socket.received.find((e) => e.event === "welcome").args, id: socket.id });
    out({ kind: "add", result: await ack(socket, "add", 1, 2) });
    out({ kind: "post", result: await ack(socket, "post", { text: "héllo", priority: 3 }) });
    out({ kind: "whoAmI", result: await ack(socket, "whoAmI") });
    out({ kind: "relay", result: await ack(socket, "relay", { nested: [1, "two", { three: null }], "é": true }) });
    const data = Buffer.from([0, 1, 2, 0xfe, 0xff]);
    const back = await ack(socket, "echo", data);
    out({ kind: "echo", isBuffer: Buffer.isBuffer(back), hex: Buffer.from(back).toString("hex") });
    socket.on("question", (q, callback) => callback(`yes to ${q}`));
    out({ kind: "askCaller", result: await ack(socket, "askCaller", "ready?") });
  },

  async errors() {
    const socket = await connected(connect());
    out({ kind: "wrongType", result: await ack(socket, "add", "one", 2) });
    out({ kind: "wrongCount", result: await ack(socket, "add", 1) });
    out({ kind: "nullObject", result: await ack(socket, "post", null) });
    out({ kind: "badObject", result: await ack(socket, "post", { text: 5 }) });
    out({ kind: "notObject", result: await ack(socket, "post", [1, 2]) });
    socket.emit("add", "no ack asked", 1);
    out({ kind: "throws", result: await ack(socket, "fail") });
    out({ kind: "stillUp", result: await ack(socket, "add", 20, 22), connected: socket.connected });
  },

  async broadcast() {
    const a = await connected(connect());
    const b = await connected(connect());
    const c = await connected(connect());
    await ack(a, "shout", "hi all");
    await until(b, (r) => r.some((e) => e.event === "notice"), "b notice");
    await until(c, (r) => r.some((e) => e.event === "notice"), "c notice");
    out({ kind: "joined", result: await ack(b, "joinRoom", "red") });
    await ack(a, "to room", "red", "only red");
    await until(b, (r) => r.some((e) => e.event === "room message"), "b room message");
    // A round trip through each connection proves anything sent before it has arrived.
    for (const s of [a, b, c]) await ack(s, "add", 0, 0);
    for (const [name, s] of Object.entries({ a, b, c })) {
      out({ kind: "received", client: name, events: s.received.filter((e) => e.event !== "welcome") });
    }
    const response = await fetch(baseUrl + "/broadcast?text=from-context");
    out({ kind: "context", status: response.status });
    for (const s of [a, b, c]) await until(s, (r) => r.some((e) => e.event === "notice" && e.args[0].text === "from-context"), "context notice");
  },

  // A client with the default parser against a server with the msgpack parser: refused, and the server goes on.
  async otherParser() {
    const wrong = connect(undefined, parserName === "msgpack" ? "json" : "msgpack");
    const outcome = await new Promise((resolve) => {
      wrong.once("connect", () => resolve("connected"));
      wrong.once("connect_error", (err) => resolve(`connect_error: ${err.message}`));
      wrong.io.once("close", (reason) => resolve(`closed: ${reason}`));
    });
    out({ kind: "refused", outcome, connected: wrong.connected });
    const right = await connected(connect());
    out({ kind: "stillUp", result: await ack(right, "add", 20, 22) });
  },

  async disconnect() {
    const socket = await connected(connect());
    socket.emit("waitForDisconnect", () => {});
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.disconnect();
  },
};

await runScenario(scenarios, scenarioName, { timeoutMs: 20000, clients });
