// The Node half of a mixed cluster (tests/TypedSockets.InteropTests/Redis/MixedClusterTests.cs): a socket.io 4.8
// server with @socket.io/redis-adapter 8 on a free port of 127.0.0.1, and socket.io-client peers: n1 and n2 on the
// Node server, t1 and t2 on the TypedSockets node (given as an argument), m1 (msgpack parser) on each when asked.
// Every event a client receives is printed as a JSON line; "question" is answered with the client's name.
// Commands arrive as JSON lines on stdin ({"op": ...}); each prints {"kind":"done","op":...,"result":...}.
// Usage: node mixed-cluster.mjs <redis port> <TypedSockets url> [msgpack]
import { createServer } from "node:http";
import { Server } from "socket.io";
import { io as connect } from "socket.io-client";
import { createAdapter } from "@socket.io/redis-adapter";
import { Emitter } from "@socket.io/redis-emitter";
import { createClient } from "redis";
import * as readline from "node:readline";

const [redisPort, typedSocketsUrl, parserName] = process.argv.slice(2);
const out = (record) => console.log(JSON.stringify(record));
const parser = parserName === "msgpack" ? (await import("socket.io-msgpack-parser")).default : undefined;

try {
  const redisUrl = `redis://127.0.0.1:${redisPort}`;
  const pub = createClient({ url: redisUrl });
  const sub = pub.duplicate();
  const emitterClient = pub.duplicate();
  for (const c of [pub, sub, emitterClient]) c.on("error", () => {});
  await Promise.all([pub.connect(), sub.connect(), emitterClient.connect()]);
  const emitter = new Emitter(emitterClient);

  const http = createServer();
  const io = new Server(http, { adapter: createAdapter(pub, sub, { requestsTimeout: 3000 }), ...(parser ? { parser } : {}) });
  io.on("connection", (socket) => socket.on("join", (room, ack) => { socket.join(room); ack?.(); }));
  io.on("whoAreYou", (arg, ack) => {
    out({ kind: "serverSideEvent", arg });
    ack?.(`node:${arg}`);
  });
  io.of("/admin");
  await new Promise((resolve) => http.listen(0, "127.0.0.1", resolve));
  const nodeUrl = `http://127.0.0.1:${http.address().port}`;

  const clients = { n1: nodeUrl, n2: nodeUrl, t1: typedSocketsUrl, t2: typedSocketsUrl, na: nodeUrl + "/admin", ta: typedSocketsUrl + "/admin" };
  const sockets = {};
  for (const [name, url] of Object.entries(clients)) {
    const socket = connect(url, { transports: ["websocket"], forceNew: true, reconnection: false, timeout: 5000, ...(parser ? { parser } : {}) });
    socket.onAny((event, ...args) => {
      const ack = typeof args[args.length - 1] === "function" ? args.pop() : null;
      out({ kind: "event", client: name, event, args: args.map((a) => (Buffer.isBuffer(a) || a instanceof ArrayBuffer ? { binary: [...new Uint8Array(a)] } : a)) });
      if (ack) ack(name);
    });
    socket.on("disconnect", (reason) => out({ kind: "disconnected", client: name, reason }));
    sockets[name] = socket;
  }

  await Promise.all(Object.values(sockets).map((s) => new Promise((resolve, reject) => {
    s.once("connect", resolve);
    s.once("connect_error", (err) => reject(new Error(`connect_error: ${err.message}`)));
  })));
  out({ kind: "ready", nodeUrl, ids: Object.fromEntries(Object.entries(sockets).map(([name, s]) => [name, s.id])) });

  const ops = {
    emit: ({ event, args = [], to, except, nsp = "/" }) => {
      let target = io.of(nsp);
      if (to) target = target.to(to);
      if (except) target = target.except(except);
      target.emit(event, ...args);
    },
    emitBinary: ({ event, bytes }) => io.emit(event, Buffer.from(bytes)),
    emitMany: ({ event, count }) => { for (let i = 0; i < count; i++) io.emit(event, i); },
    fetchSockets: async ({ room }) => (await (room ? io.in(room) : io).fetchSockets()).map((s) => ({ id: s.id, rooms: [...s.rooms] })).sort((a, b) => (a.id < b.id ? -1 : 1)),
    allSockets: async ({ room }) => [...(await (room ? io.in(room) : io).allSockets())].sort(),
    serverCount: async () => io.of("/").adapter.serverCount(),
    join: ({ room, to }) => (to ? io.in(to) : io).socketsJoin(room),
    leave: ({ room, to }) => (to ? io.in(to) : io).socketsLeave(room),
    disconnect: ({ to, close }) => io.in(to).disconnectSockets(close),
    serverSideEmit: ({ event, arg }) => io.serverSideEmit(event, arg),
    serverSideEmitWithAck: async ({ event, arg }) => await io.serverSideEmitWithAck(event, arg),
    emitWithAck: async ({ event, to }) => (await (to ? io.to(to) : io).timeout(3000).emitWithAck(event)).sort(),
    emitter: ({ event, args = [], to, except, nsp = "/", volatile }) => {
      let target = nsp === "/" ? emitter : emitter.of(nsp);
      if (to) target = target.to(to);
      if (except) target = target.except(except);
      if (volatile) target = target.volatile;
      target.emit(event, ...args);
    },
    emitterJoin: ({ to, room }) => emitter.in(to).socketsJoin(room),
  };

  const lines = readline.createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const command = JSON.parse(line);
    try {
      const result = await ops[command.op](command);
      out({ kind: "done", op: command.op, result: result ?? null });
    } catch (err) {
      out({ kind: "done", op: command.op, failed: String(err?.message ?? err) });
    }
  }

  for (const s of Object.values(sockets)) s.disconnect();
  io.close();
  await Promise.allSettled([pub.quit(), sub.quit(), emitterClient.quit()]);
  process.exit(0);
} catch (err) {
  out({ error: String(err?.stack ?? err) });
  process.exit(1);
}
