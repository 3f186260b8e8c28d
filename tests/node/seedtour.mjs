// Scenarios of samples/SeedTour's contract (docs/samples.md) played by real socket.io-client 4.8 peers.
// Usage: node seedtour.mjs <scenario> <base url> <default|websocket|polling>
// Prints one JSON object per line; the xunit tests assert on them. Any failure prints {"error":...} and exits 1.
import { io } from "socket.io-client";
import { out, runScenario } from "./scenario-runner.mjs";

const [scenarioName, baseUrl, mode] = process.argv.slice(2);
const transports = { default: undefined, websocket: ["websocket"], polling: ["polling"] }[mode];
if (!baseUrl || !(mode in { default: 1, websocket: 1, polling: 1 })) {
  console.error("usage: node seedtour.mjs <scenario> <base url> <default|websocket|polling>");
  process.exit(2);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const clients = [];

// A client with its own Engine.IO connection that records every event it receives.
function connect(nsp = "/", options = {}) {
  const socket = io(baseUrl + nsp, { transports, forceNew: true, reconnection: false, timeout: 5000, ...options });
  socket.received = [];
  socket.onAny((event, ...args) => socket.received.push({ event, args }));
  clients.push(socket);
  return socket;
}

function waitFor(socket, eventName) {
  return new Promise((resolve, reject) => {
    socket.once(eventName, (...args) => resolve(args));
    socket.once("connect_error", (err) => reject(new Error(`connect_error: ${err.message}`)));
  });
}

async function connected(socket) {
  if (!socket.connected) {
    await waitFor(socket, "connect");
  }
  return socket;
}

// Waits until predicate holds on the socket's received events (fails after 5 s).
async function until(socket, predicate, what) {
  for (let i = 0; i < 500; i++) {
    if (predicate(socket.received)) return;
    await sleep(10);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const lastStats = (socket) => {
  const stats = socket.received.filter((r) => r.event === "stats");
  return stats.length ? stats[stats.length - 1].args[0] : null;
};

const transportOf = (socket) => socket.io.engine.transport.name;

const scenarios = {
  async connect() {
    const socket = connect();
    await connected(socket);
    await until(socket, (r) => r.some((e) => e.event === "announcements") && r.some((e) => e.event === "stats"), "announcements and stats");
    out({ kind: "connected", socketId: socket.id, engineId: socket.io.engine.id, transport: transportOf(socket) });
    for (const r of socket.received) out({ kind: "received", event: r.event, args: r.args });
    if (mode === "default") {
      // socket.io-client starts on long-polling and upgrades to WebSocket when the server offers it.
      for (let i = 0; i < 500 && transportOf(socket) !== "websocket"; i++) await sleep(10);
      out({ kind: "upgraded", transport: transportOf(socket), sum: await socket.timeout(5000).emitWithAck("add", 40, 2) });
    }
  },

  async counts() {
    const a = await connected(connect());
    await until(a, () => lastStats(a)?.numClients === 1, "a: 1 client");
    const b = await connected(connect());
    await until(a, () => lastStats(a)?.numClients === 2, "a: 2 clients");
    await until(b, () => lastStats(b)?.numClients === 2, "b: 2 clients");
    const c = await connected(connect());
    for (const s of [a, b, c]) await until(s, () => lastStats(s)?.numClients === 3, "3 clients");
    out({ kind: "counts", a: lastStats(a), b: lastStats(b), c: lastStats(c) });

    c.disconnect(); // Socket.IO DISCONNECT packet
    for (const s of [a, b]) await until(s, () => lastStats(s)?.numClients === 2, "2 after a namespace disconnect");
    out({ kind: "afterDisconnect", a: lastStats(a), b: lastStats(b) });

    b.io.engine.close(); // the whole Engine.IO connection goes away
    await until(a, () => lastStats(a)?.numClients === 1, "1 after a transport close");
    out({ kind: "afterTransportClose", a: lastStats(a) });
  },

  async event() {
    const socket = await connected(connect());
    socket.emit("event", { message: "no ack wanted" });
    const answer = await socket.timeout(5000).emitWithAck("event", { message: "héllo ☃" });
    out({ kind: "ack", answer });
  },

  async rooms() {
    const a = await connected(connect());
    const b = await connected(connect());
    const c = await connected(connect());
    const joins = {};
    for (const name of ["blue", "a-1", "Bad", "has space", "", "x".repeat(32), "x".repeat(33), 42,
      // End of input, not end of line; no NUL; ASCII only (Cyrillic "а", fullwidth "ｂ" and "１" look alike).
      "trailing\n", "trailing\r\n", "x".repeat(32) + "\n", "nul\u0000", "nul\u0000x", "\u0430-1", "\uff42lue", "room\uff11"]) {
      joins[String(name)] = await a.timeout(5000).emitWithAck("join", name);
    }
    out({ kind: "joins", joins });
    await b.timeout(5000).emitWithAck("join", "red");

    a.emit("toRoom", { room: "blue", text: "to blue from a" });
    c.emit("toRoom", { room: "red", text: "to red from c" });
    await until(a, (r) => r.some((e) => e.event === "some event"), "a gets blue");
    await until(b, (r) => r.some((e) => e.event === "some event"), "b gets red");
    out({ kind: "leave", ack: await a.timeout(5000).emitWithAck("leave", "blue") });
    a.emit("toRoom", { room: "blue", text: "nobody is in blue" });
    // A round trip through each client's connection proves anything sent before it has arrived.
    for (const s of [a, b, c]) await s.timeout(5000).emitWithAck("add", 0, 0);
    for (const [name, s] of Object.entries({ a, b, c })) {
      out({ kind: "someEvents", client: name, events: s.received.filter((e) => e.event === "some event").map((e) => e.args[0]) });
    }
  },

  async add() {
    const socket = await connected(connect());
    out({ kind: "sum", a: 1, b: 2, sum: await socket.timeout(5000).emitWithAck("add", 1, 2) });
    out({ kind: "sum", a: 2.5, b: -1, sum: await socket.timeout(5000).emitWithAck("add", 2.5, -1) });
  },

  // A sum that overflows to infinity cannot be written as JSON: an error ack, then the same 30 times more.
  async overflow() {
    const socket = await connected(connect());
    out({ kind: "overflow", answer: await socket.timeout(5000).emitWithAck("add", 1e308, 1e308) });
    // With an ack each: a result is only written (and only fails) when the client asked for it.
    await Promise.all(Array.from({ length: 30 }, () => socket.timeout(5000).emitWithAck("add", 1e308, 1e308)));
    out({ kind: "stillUp", sum: await socket.timeout(5000).emitWithAck("add", 40, 2), connected: socket.connected });
  },

  async binary() {
    const socket = await connected(connect());
    const small = Buffer.from([0, 1, 2, 0xfe, 0xff]);
    const large = Buffer.alloc(100_000, 7);
    const smallBack = await socket.timeout(5000).emitWithAck("echoBinary", small);
    const largeBack = await socket.timeout(5000).emitWithAck("echoBinary", large);
    out({ kind: "echo", isBuffer: Buffer.isBuffer(smallBack), hex: Buffer.from(smallBack).toString("hex") });
    out({ kind: "echoLarge", length: largeBack.byteLength, same: Buffer.from(largeBack).equals(large) });
  },

  async namespaces() {
    const main = await connected(connect("/"));
    const first = await connected(connect("/stackabuse"));
    await until(first, (r) => r.some((e) => e.event === "stats"), "first stackabuse stats");
    const second = await connected(connect("/stackabuse"));
    await until(first, (r) => r.filter((e) => e.event === "stats").length === 2, "first sees the second join");
    await until(second, (r) => r.some((e) => e.event === "stats"), "second stackabuse stats");

    // /nope multiplexed on the same Engine.IO connection as a working socket: refused, the other keeps working.
    const shared = io(baseUrl + "/", { transports, reconnection: false, timeout: 5000 });
    clients.push(shared);
    await connected(shared);
    const nope = shared.io.socket("/nope");
    clients.push(nope);
    nope.connect();
    const refusal = await new Promise((resolve) => nope.once("connect_error", (err) => resolve(err.message)));
    const stillWorks = await shared.timeout(5000).emitWithAck("add", 20, 22);

    const alone = connect("/nope");
    const aloneRefusal = await new Promise((resolve) => alone.once("connect_error", (err) => resolve(err.message)));

    for (const s of [main, first, second]) await s.timeout(5000).emitWithAck("add", 0, 0).catch(() => null);
    out({ kind: "stackabuse", first: first.received, second: second.received });
    out({ kind: "main", events: main.received.map((e) => ({ event: e.event, args: e.args })) });
    out({ kind: "nope", refusal, aloneRefusal, stillWorks, sharedConnected: shared.connected });
  },

  async ordering() {
    const socket = await connected(connect());
    const count = 200;
    const acks = [];
    await Promise.all(Array.from({ length: count }, (_, i) =>
      socket.timeout(10000).emitWithAck("add", i, 0).then((sum) => acks.push(sum))));
    out({ kind: "order", acks });
  },

  async many() {
    // Several clients at once, each doing round trips concurrently.
    const sockets = await Promise.all(Array.from({ length: 5 }, () => connected(connect())));
    const results = await Promise.all(sockets.map(async (s, i) => {
      const sums = [];
      for (let k = 0; k < 20; k++) sums.push(await s.timeout(5000).emitWithAck("add", i, k));
      return sums;
    }));
    for (const s of sockets) await until(s, () => lastStats(s)?.numClients === 5, "5 clients");
    out({ kind: "many", results, stats: sockets.map(lastStats) });
  },
};

await runScenario(scenarios, scenarioName, { timeoutMs: 20000, clients });
