// samples/SeedTour's /private namespace (JWT, per-method role, rate limit) played by real socket.io-client 4.8 peers.
// Usage: node seedtour-private.mjs <scenario> <base url> <default|websocket|polling> <tokens as JSON>
// The tokens are minted by the test: { user, admin, expired, notYetValid, wrongKey }.
import { io } from "socket.io-client";
import { out, runScenario } from "./scenario-runner.mjs";

const [scenarioName, baseUrl, mode, tokensJson] = process.argv.slice(2);
const transports = { default: undefined, websocket: ["websocket"], polling: ["polling"] }[mode];
if (!baseUrl || !(mode in { default: 1, websocket: 1, polling: 1 }) || !tokensJson) {
  console.error("usage: node seedtour-private.mjs <scenario> <base url> <default|websocket|polling> <tokens as JSON>");
  process.exit(2);
}

const tokens = JSON.parse(tokensJson);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const clients = [];

function connect(nsp, options = {}) {
  const socket = io(baseUrl + nsp, { transports, forceNew: true, reconnection: false, timeout: 5000, ...options });
  socket.received = [];
  socket.onAny((event, ...args) => socket.received.push({ event, args }));
  // Listened to from the start: a socket may connect before the scenario awaits it.
  socket.outcome = new Promise((resolve) => {
    socket.once("connect", () => resolve({ connected: true }));
    socket.once("connect_error", (err) => resolve({ connected: false, message: err.message, data: err.data ?? null }));
  });
  clients.push(socket);
  return socket;
}

// Resolves with "connected", or with the connect_error's message and data.
const outcome = (socket) => socket.outcome;

const ack = (socket, event, ...args) => socket.timeout(5000).emitWithAck(event, ...args);

const scenarios = {
  // Who may connect, and with which token source.
  async connect() {
    const refusals = {};
    refusals.none = await outcome(connect("/private"));
    refusals.expired = await outcome(connect("/private", { auth: { token: tokens.expired } }));
    refusals.notYetValid = await outcome(connect("/private", { auth: { token: tokens.notYetValid } }));
    refusals.wrongKey = await outcome(connect("/private", { auth: { token: tokens.wrongKey } }));
    refusals.garbage = await outcome(connect("/private", { auth: { token: "not.a.jwt" } }));
    out({ kind: "refusals", ...refusals });

    const viaAuth = connect("/private", { auth: { token: tokens.user } });
    const viaQuery = connect("/private", { query: { access_token: tokens.user } });
    const viaHeader = connect("/private", { extraHeaders: { Authorization: `Bearer ${tokens.admin}` } });
    const accepted = {};
    for (const [name, socket] of Object.entries({ viaAuth, viaQuery, viaHeader })) {
      const result = await outcome(socket);
      accepted[name] = result.connected ? await ack(socket, "whoami") : result;
    }
    out({ kind: "accepted", ...accepted });
  },

  // adminOnly: forbidden for a user (who stays connected), ok for an admin.
  async roles() {
    const user = connect("/private", { auth: { token: tokens.user } });
    const admin = connect("/private", { auth: { token: tokens.admin } });
    await outcome(user);
    await outcome(admin);
    const userAdminOnly = await ack(user, "adminOnly");
    const userAfter = await ack(user, "whoami");
    const adminAdminOnly = await ack(admin, "adminOnly");
    out({ kind: "roles", userAdminOnly, userAfter, userConnected: user.connected, adminAdminOnly });
  },

  // A flood of shouts from one socket is limited; another socket keeps its own budget; "/" does not count /private.
  async shout() {
    const main = connect("/");
    const flooder = connect("/private", { auth: { token: tokens.user } });
    const other = connect("/private", { auth: { token: tokens.admin } });
    await outcome(main);
    await outcome(flooder);
    await outcome(other);
    const flood = await Promise.all(Array.from({ length: 20 }, (_, i) => ack(flooder, "shout", `flood ${i}`)));
    const others = [];
    for (let i = 0; i < 5; i++) others.push(await ack(other, "shout", `other ${i}`));
    const stillConnected = flooder.connected;
    // "/"'s stats: the socket of "/" alone, never the two of /private.
    for (let i = 0; i < 500 && !main.received.some((e) => e.event === "stats"); i++) await sleep(10);
    const stats = main.received.filter((e) => e.event === "stats").map((e) => e.args[0].numClients);
    out({ kind: "shout", flood, others, stillConnected, stats });
  },
};

await runScenario(scenarios, scenarioName, { timeoutMs: 20000, clients });
