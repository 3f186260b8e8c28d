// Socket.IO features beyond the seed tour, played by socket.io-client 4.8 against the test host of
// tests/TypedSockets.InteropTests/SocketIO/SocketIOTestHost.cs.
// Usage: node socketio-features.mjs <scenario> <base url> <default|websocket|polling>
// Prints one JSON object per line; any failure prints {"error":...} and exits 1.
import { io, Manager } from "socket.io-client";
import { out, runScenario } from "./scenario-runner.mjs";

const [scenarioName, baseUrl, mode] = process.argv.slice(2);
const transports = { default: undefined, websocket: ["websocket"], polling: ["polling"] }[mode];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const clients = [];

function connect(nsp = "/", options = {}) {
  const socket = io(baseUrl + nsp, { transports, forceNew: true, reconnection: false, timeout: 5000, ...options });
  clients.push(socket);
  return socket;
}

// Emits with an ack and resolves with every argument of the answer (emitWithAck keeps only the first).
const ask = (socket, event, ...args) => new Promise((resolve, reject) =>
  socket.timeout(5000).emit(event, ...args, (err, ...answer) => (err ? reject(err) : resolve(answer))));

const once = (emitter, event) => new Promise((resolve) => emitter.once(event, (...args) => resolve(args)));

async function connected(socket) {
  if (!socket.connected) {
    const [error] = await Promise.race([once(socket, "connect").then(() => [null]), once(socket, "connect_error")]);
    if (error) throw new Error("connect_error: " + error.message);
  }
  return socket;
}

const scenarios = {
  async auth() {
    const refused = connect("/secure", { auth: { token: "wrong" } });
    const [error] = await once(refused, "connect_error");
    out({ kind: "refused", message: error.message, data: error.data ?? null });
    const accepted = connect("/secure", { auth: { token: "secret", extra: [1, "two"] }, query: { tag: "from-the-query" } });
    const auth = once(accepted, "auth");
    const user = once(accepted, "user");
    const tag = once(accepted, "tag");
    await connected(accepted);
    // In the default mode the client upgrades from polling: wait for it, so the transport reported is the one it ends on.
    const engine = accepted.io.engine;
    if (mode === "default" && engine.transport.name !== "websocket") await once(engine, "upgrade");
    out({ kind: "accepted", auth: (await auth)[0], user: (await user)[0], tag: (await tag)[0], transport: engine.transport.name });
  },

  async serverAck() {
    const socket = await connected(connect());
    socket.on("question", (text, ack) => ack("because " + text));
    const answer = once(socket, "answer");
    socket.emit("ask");
    out({ kind: "answer", answer: (await answer)[0] });
  },

  async broadcastAck() {
    const sockets = await Promise.all([connect(), connect(), connect()].map(connected));
    sockets[0].on("vote", (ack) => ack("first"));
    sockets[1].on("vote", (ack) => ack("second"));
    sockets[2].on("vote", () => { /* never answers */ });
    out({ kind: "poll", result: await sockets[0].timeout(5000).emitWithAck("poll") });
  },

  async kick() {
    // Kicks right after connecting: in the default mode that is while the client upgrades to WebSocket.
    const socket = await connected(connect());
    const reason = once(socket, "disconnect");
    socket.emit("kick", false);
    out({ kind: "kicked", reason: (await reason)[0], engineOpen: socket.io.engine.readyState === "open" });
    const closing = await connected(connect());
    const closeReason = once(closing, "disconnect");
    closing.emit("kick", true);
    out({ kind: "kickedAndClosed", reason: (await closeReason)[0] });
  },

  async kickDuringUpgrade() {
    // The server kicks through a request of its own; in the default mode the client holds its upgrade packet (5)
    // until the kick is done, so the kick lands after the probe and before the upgrade completes.
    for (const close of [false, true]) {
      const socket = connect();
      const engine = socket.io.engine;
      const kick = async () => {
        const response = await fetch(`${baseUrl}/kick?sid=${encodeURIComponent(engine.id)}&close=${close}`, { method: "POST" });
        if (!response.ok) throw new Error("kick refused: " + response.status);
      };
      let kickedMidUpgrade = false;
      if (mode === "default") {
        engine.once("upgrading", (transport) => {
          const send = transport.send.bind(transport);
          transport.send = (packets) => {
            if (!packets.some((packet) => packet.type === "upgrade")) return send(packets);
            kick().then(() => { kickedMidUpgrade = true; send(packets); }, (error) => out({ error: String(error) }));
          };
        });
      }
      const reason = once(socket, "disconnect");
      if (mode !== "default") {
        await connected(socket);
        await kick();
      }
      out({ kind: close ? "kickedAndClosed" : "kicked", reason: (await reason)[0], kickedMidUpgrade });
    }
  },

  async reasons() {
    const polite = await connected(connect());
    const abrupt = await connected(connect());
    polite.disconnect();
    await sleep(100);
    abrupt.io.engine.close();
    out({ kind: "closed" });
  },

  async connectTimeout() {
    // An Engine.IO connection that never joins a namespace.
    const manager = new Manager(baseUrl, { transports, reconnection: false, autoConnect: false });
    const started = Date.now();
    const closed = once(manager, "close");
    manager.open();
    const [reason] = await closed;
    out({ kind: "closed", reason, afterMs: Date.now() - started });
  },

  async binaries() {
    const socket = await connected(connect());
    const answer = await ask(socket, "binaries", Buffer.from([1, 2]), Buffer.from([3, 4, 5]));
    out({ kind: "binaries", answer: answer.map((a) => Buffer.isBuffer(a) ? { hex: a.toString("hex") } : a) });
  },

  async protocolError() {
    const bystander = await connected(connect());
    const offender = await connected(connect());
    const reason = once(offender, "disconnect");
    // An EVENT for a namespace this connection never joined: the server must close the connection.
    offender.io.engine.write('2/elsewhere,["x"]');
    out({ kind: "offender", reason: (await reason)[0] });
    out({ kind: "bystander", answers: (await ask(bystander, "binaries", Buffer.from([9]), Buffer.from([8]))).length });
  },
};

await runScenario(scenarios, scenarioName, { timeoutMs: 20000, clients });
