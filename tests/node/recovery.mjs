// Connection state recovery of samples/SeedTour (started with --recovery) played by an unchanged socket.io-client 4.8.
// Usage: node recovery.mjs <engine-close|tcp-kill|cap|expiry> <base url> [<base url of a second node>]
// cap and expiry need two nodes started with settings that refuse the recovery (a cap of one packet, a 1 s window).
// The subject loses its connection (its engine closed by the client, or its TCP connection reset by a proxy between
// it and the server) while others emit to its room and to everyone; it must come back recovered, with the same id,
// its rooms, and every packet it missed once and in order. With a second node it comes back through that node.
// Prints one JSON object per line; any failure prints {"error":...} and exits 1.
import net from "node:net";
import { io } from "socket.io-client";
import { out, runScenario } from "./scenario-runner.mjs";

const [scenarioName, baseUrl, otherUrl] = process.argv.slice(2);
const clients = [];
const proxies = [];

const once = (emitter, event) => new Promise((resolve) => emitter.once(event, (...args) => resolve(args)));

/** Records every event; the offset socket.io appends with recovery on stays in args, as the client leaves it. */
function connect(url, options = {}) {
  const socket = io(url, { forceNew: true, timeout: 5000, ...options });
  socket.received = [];
  socket.onAny((event, ...args) => socket.received.push({ event, args }));
  clients.push(socket);
  return socket;
}

async function connected(socket) {
  if (!socket.connected) {
    const [error] = await Promise.race([once(socket, "connect").then(() => [null]), once(socket, "connect_error")]);
    if (error) throw new Error("connect_error: " + error.message);
  }
  return socket;
}

async function until(predicate, what) {
  for (let i = 0; i < 250; i++) {
    if (predicate()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("timed out waiting for " + what);
}

/** A TCP proxy to url's port whose connections can be reset at once, as a network failure would. */
async function startProxy(url) {
  const target = new URL(url);
  const sockets = new Set();
  let port = Number(target.port);
  const server = net.createServer((downstream) => {
    const upstream = net.connect(port, target.hostname);
    sockets.add(downstream).add(upstream);
    const end = () => { downstream.destroy(); upstream.destroy(); sockets.delete(downstream); sockets.delete(upstream); };
    downstream.on("error", end).on("close", end);
    upstream.on("error", end).on("close", end);
    downstream.pipe(upstream).pipe(downstream);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const proxy = {
    url: `http://127.0.0.1:${server.address().port}`,
    retarget(other) { port = Number(new URL(other).port); },
    reset() { for (const s of sockets) s.resetAndDestroy(); sockets.clear(); },
    close() { proxy.reset(); server.close(); },
  };
  proxies.push(proxy);
  return proxy;
}

const texts = (socket, from = 0) => socket.received.slice(from).filter((e) => e.event === "some event").map((e) => e.args[0].text);

async function lose(dropWay) {
  const proxy = dropWay === "tcp-kill" ? await startProxy(baseUrl) : null;
  // websocket only through the proxy: its reset must hit the one connection there is.
  const subject = connect(proxy ? proxy.url : baseUrl, proxy ? { transports: ["websocket"], reconnection: false } : { reconnection: false });
  await connected(subject);
  const firstId = subject.id;
  const firstRecovered = subject.recovered;
  await until(() => subject.received.some((e) => e.event === "announcements"), "the announcement");
  if ((await subject.timeout(5000).emitWithAck("join", "r1")) !== true) throw new Error("join refused");

  const driver = await connected(connect(otherUrl ?? baseUrl));
  driver.emit("toRoom", { room: "r1", text: "before" });
  await until(() => texts(subject).includes("before"), "the first room message");

  const disconnected = once(subject, "disconnect");
  if (proxy) proxy.reset(); else subject.io.engine.close();
  const [reason] = await disconnected;
  const mark = subject.received.length;

  // While it is away: to its room, to a room it is not in, and to everyone (a newcomer makes the server send stats).
  driver.emit("toRoom", { room: "r1", text: "missed-1" });
  driver.emit("toRoom", { room: "r2", text: "not-for-it" });
  await driver.timeout(5000).emitWithAck("add", 1, 2);
  // The newcomer's stats come from the first node (its hub), the room messages from the second: both nodes emit.
  const newcomer = await connected(connect(baseUrl));
  // The stats go out after the newcomer's connect (the hub counts the cluster first): missed-2 waits for them, since
  // the order across the two nodes is the order the emits were made in.
  await until(() => newcomer.received.some((e) => e.event === "stats"), "the newcomer's stats");
  driver.emit("toRoom", { room: "r1", text: "missed-2" });
  // Events of one connection are handled in order: once this ack is back, the server emitted everything above.
  await driver.timeout(5000).emitWithAck("add", 1, 2);

  if (otherUrl && proxy) proxy.retarget(otherUrl);
  subject.connect();
  await connected(subject);
  driver.emit("toRoom", { room: "r1", text: "after" });
  await until(() => texts(subject).includes("after"), "the message after the reconnect");

  const after = subject.received.slice(mark);
  const receivedTexts = texts(subject);

  // The session was taken back once: the same pid and offset again (on the first node) start afresh.
  let secondTake = null;
  if (otherUrl) {
    const thief = await connected(connect(baseUrl, { auth: { pid: subject._pid, offset: subject._lastOffset } }));
    secondTake = { recovered: thief.recovered, sameId: thief.id === firstId };
    thief.disconnect();
  }
  out({
    kind: "recovered",
    reason,
    firstRecovered,
    recovered: subject.recovered,
    sameId: subject.id === firstId,
    texts: receivedTexts,
    eventsAfterDrop: after.map((e) => e.event),
    secondTake,
    offsetsAreStrings: after.every((e) => typeof e.args[e.args.length - 1] === "string"),
  });
  newcomer.disconnect();
}

/**
 * Two nodes, a server that refuses recovery by its settings: the subject drops off the first node, two packets go to
 * its room from the second, it waits waitMs (past a short window), then comes back through the second node.
 */
async function refused(waitMs) {
  const proxy = await startProxy(baseUrl);
  const subject = connect(proxy.url, { transports: ["websocket"], reconnection: false });
  await connected(subject);
  const firstId = subject.id;
  if ((await subject.timeout(5000).emitWithAck("join", "r1")) !== true) throw new Error("join refused");
  const driver = await connected(connect(otherUrl));
  driver.emit("toRoom", { room: "r1", text: "before" });
  await until(() => texts(subject).includes("before"), "the first room message");

  const disconnected = once(subject, "disconnect");
  proxy.reset();
  await disconnected;
  driver.emit("toRoom", { room: "r1", text: "missed-1" });
  driver.emit("toRoom", { room: "r1", text: "missed-2" });
  await driver.timeout(5000).emitWithAck("add", 1, 2);
  await new Promise((resolve) => setTimeout(resolve, waitMs));

  proxy.retarget(otherUrl);
  subject.connect();
  await connected(subject);
  out({ kind: "refused", recovered: subject.recovered, sameId: subject.id === firstId, texts: texts(subject) });
}

const scenarios = {
  "cap": () => refused(0),
  "expiry": () => refused(1500),
  "engine-close": () => lose("engine-close"),
  "tcp-kill": () => lose("tcp-kill"),
};

await runScenario(scenarios, scenarioName, { timeoutMs: 20000, clients, cleanup: () => proxies.forEach((p) => p.close()) });
