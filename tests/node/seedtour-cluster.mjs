// SeedTour (docs/samples.md) run as a cluster of nodes joined by Redis, played by socket.io-client 4.8 peers spread over them.
// Usage: node seedtour-cluster.mjs <scenario> <node url> <node url> [...]
// Prints one JSON object per line; the xunit tests (tests/TypedSockets.InteropTests/Redis) assert on them. Scenarios that
// print {"kind":"ready"} then wait for one line on stdin, so the test can kill a node or stop Redis in between.
// Any failure prints {"error":...} and exits 1.
import { io } from "socket.io-client";
import { out, runScenario } from "./scenario-runner.mjs";
import { createInterface } from "node:readline";

const [scenarioName, ...urls] = process.argv.slice(2);
if (urls.length < 2) {
  console.error("usage: node seedtour-cluster.mjs <scenario> <node url> <node url> [...]");
  process.exit(2);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const clients = [];
const stdin = createInterface({ input: process.stdin });
const nextLine = () => new Promise((resolve) => stdin.once("line", resolve));

// A client of node `node` (an index into urls) that records every event it receives.
function connect(node, nsp = "/") {
  const socket = io(urls[node] + nsp, { transports: ["websocket"], forceNew: true, reconnection: false, timeout: 5000 });
  socket.received = [];
  socket.onAny((event, ...args) => socket.received.push({ event, args }));
  clients.push(socket);
  return socket;
}

function connected(socket) {
  if (socket.connected) return Promise.resolve(socket);
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (err) => reject(new Error(`connect_error: ${err.message}`)));
  });
}

// Waits until predicate holds (fails after ms).
async function until(predicate, what, ms = 5000) {
  for (let waited = 0; waited < ms; waited += 10) {
    if (predicate()) return;
    await sleep(10);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const lastStats = (socket) => {
  const stats = socket.received.filter((r) => r.event === "stats");
  return stats.length ? stats[stats.length - 1].args[0] : null;
};

const someEvents = (socket) => socket.received.filter((e) => e.event === "some event").map((e) => e.args[0]);

// A round trip through each client's connection proves everything sent to it before has arrived.
const settle = (sockets) => Promise.all(sockets.map((s) => s.timeout(5000).emitWithAck("add", 0, 0)));

const scenarios = {
  async counts() {
    const a = await connected(connect(0));
    const b = await connected(connect(1));
    const c = await connected(connect(0));
    const d = await connected(connect(urls.length - 1));
    const all = [a, b, c, d];
    for (const s of all) await until(() => lastStats(s)?.numClients === 4, "4 clients on every node");
    out({ kind: "counts", stats: all.map(lastStats) });
    c.disconnect();
    b.io.engine.close();
    for (const s of [a, d]) await until(() => lastStats(s)?.numClients === 2, "2 clients after two left");
    out({ kind: "afterLeave", stats: [a, d].map(lastStats) });
  },

  async rooms() {
    const a = await connected(connect(0));
    const b = await connected(connect(1));
    const c = await connected(connect(1));
    const d = await connected(connect(0));
    out({ kind: "joins", a: await a.timeout(5000).emitWithAck("join", "blue"), b: await b.timeout(5000).emitWithAck("join", "blue"), d: await d.timeout(5000).emitWithAck("join", "red") });
    a.emit("toRoom", { room: "blue", text: "blue from a on node 0" });
    c.emit("toRoom", { room: "red", text: "red from c on node 1" });
    await until(() => someEvents(a).length === 1 && someEvents(b).length === 1 && someEvents(d).length === 1, "room events");
    await b.timeout(5000).emitWithAck("leave", "blue");
    c.emit("toRoom", { room: "blue", text: "blue after b left" });
    await until(() => someEvents(a).length === 2, "a gets the second blue");
    await settle([a, b, c, d]);
    for (const [name, s] of Object.entries({ a, b, c, d })) out({ kind: "someEvents", client: name, events: someEvents(s) });
  },

  async namespaces() {
    const main0 = await connected(connect(0));
    const main1 = await connected(connect(1));
    const first = await connected(connect(1, "/stackabuse"));
    await until(() => first.received.some((e) => e.event === "stats"), "first stackabuse stats");
    const second = await connected(connect(0, "/stackabuse"));
    // The second joins on node 0; node 1's first socket hears it across the cluster.
    await until(() => first.received.filter((e) => e.event === "stats").length === 2, "first sees the second join");
    await until(() => second.received.some((e) => e.event === "stats"), "second stackabuse stats");
    await settle([main0, main1]);
    out({ kind: "stackabuse", first: first.received, second: second.received });
    out({ kind: "main", events: [...main0.received, ...main1.received] });
  },

  async load() {
    // Clients spread over every node, each in one of several rooms; every client sends many messages to rooms;
    // every client counts what it got: each message of its room exactly once, nothing of other rooms.
    const rooms = ["r0", "r1", "r2"];
    const perNode = 4;
    const messagesPerClient = 30;
    const sockets = [];
    for (let node = 0; node < urls.length; node++) {
      for (let i = 0; i < perNode; i++) sockets.push(await connected(connect(node)));
    }
    const roomOf = sockets.map((_, i) => rooms[i % rooms.length]);
    await Promise.all(sockets.map((s, i) => s.timeout(5000).emitWithAck("join", roomOf[i])));
    const sent = [];
    await Promise.all(sockets.map(async (s, i) => {
      for (let k = 0; k < messagesPerClient; k++) {
        const room = rooms[(i + k) % rooms.length];
        const text = `${i}:${k}`;
        sent.push({ room, text });
        s.emit("toRoom", { room, text });
      }
    }));
    const expected = sockets.map((_, i) => sent.filter((m) => m.room === roomOf[i]).length);
    await until(() => sockets.every((s, i) => someEvents(s).length >= expected[i]), "every message delivered", 15000);
    await settle(sockets);
    let duplicates = 0, missing = 0, foreign = 0, delivered = 0;
    sockets.forEach((s, i) => {
      const seen = new Map();
      for (const e of someEvents(s)) {
        if (e.room !== roomOf[i]) foreign++;
        seen.set(e.text, (seen.get(e.text) ?? 0) + 1);
        delivered++;
      }
      for (const m of sent.filter((m) => m.room === roomOf[i])) {
        const n = seen.get(m.text) ?? 0;
        if (n === 0) missing++;
        if (n > 1) duplicates += n - 1;
      }
    });
    out({ kind: "load", clients: sockets.length, sent: sent.length, expected: expected.reduce((x, y) => x + y, 0), delivered, duplicates, missing, foreign });
  },

  // Node 0 survives; the test kills node 1 after "ready" and sends a line. The survivor's client hears the new count
  // once node 1's heartbeat expired; then a late client is counted with it.
  async killNode() {
    const a = await connected(connect(0));
    const b1 = await connected(connect(1));
    const b2 = await connected(connect(1));
    for (const s of [a, b1, b2]) await until(() => lastStats(s)?.numClients === 3, "3 clients");
    out({ kind: "ready" });
    await nextLine();
    const killed = Date.now();
    await until(() => lastStats(a)?.numClients === 1, "the survivor's count without node 1", 10000);
    out({ kind: "survivor", stats: lastStats(a), afterMs: Date.now() - killed });
    const late = await connected(connect(0));
    await until(() => lastStats(late) !== null, "stats of the late client");
    out({ kind: "afterKill", late: lastStats(late), aConnected: a.connected });
  },

  // The test stops Redis after "ready", sends a line, restarts it after "local", and sends another line.
  async redisRestart() {
    const a = await connected(connect(0));
    const b = await connected(connect(1));
    for (const s of [a, b]) await s.timeout(5000).emitWithAck("join", "blue");
    a.emit("toRoom", { room: "blue", text: "before" });
    await until(() => someEvents(b).length === 1, "cross-node delivery before the outage");
    out({ kind: "ready" });
    await nextLine();
    a.emit("toRoom", { room: "blue", text: "during" });
    await until(() => someEvents(a).some((e) => e.text === "during"), "local delivery during the outage");
    out({ kind: "local", sum: await a.timeout(5000).emitWithAck("add", 1, 2), bGotDuring: someEvents(b).some((e) => e.text === "during") });
    await nextLine();
    // Cross-node delivery resumes once both nodes are back on Redis.
    let attempt = 0;
    await until(() => {
      if (someEvents(b).some((e) => e.text.startsWith("after"))) return true;
      if (attempt++ % 20 === 0) a.emit("toRoom", { room: "blue", text: `after ${attempt}` });
      return false;
    }, "cross-node delivery after Redis came back", 15000);
    const late = await connected(connect(1));
    await until(() => lastStats(late)?.numClients === 3, "cluster-wide count after Redis came back", 10000);
    out({ kind: "resumed", late: lastStats(late), connected: [a.connected, b.connected] });
  },
};

await runScenario(scenarios, scenarioName, { timeoutMs: 40000, clients, cleanup: () => stdin.close() });
