// A Node socket.io 4.8 server with connection state recovery, the reference the typed C# client's recovery,
// transports, send buffer and connect errors are tested against. Arguments: the recovery window in ms (0 turns recovery
// off), the port (0 for any free one) and optionally "msgpack" (socket.io-msgpack-parser instead of the default
// parser). Prints its port, then "disconnect <reason>" for each socket that left.
import { createServer } from "node:http";
import { Server } from "socket.io";

const windowMs = Number(process.argv[2] ?? 60000);
const port = Number(process.argv[3] ?? 0);
const parser = process.argv[4] === "msgpack" ? (await import("socket.io-msgpack-parser")).default : undefined;
const httpServer = createServer();
const io = new Server(httpServer, {
  ...(windowMs > 0 ? { connectionStateRecovery: { maxDisconnectionDuration: windowMs, skipMiddlewares: true } } : {}),
  ...(parser ? { parser } : {}),
});

// Events the server received from any client, in order: the send-buffer tests read them back.
const received = [];

io.on("connection", (socket) => {
  // Emitted to the socket itself (stored for recovery, so it carries an offset): the client sees one argument.
  socket.emit("hello", socket.recovered);
  socket.on("join", (room, callback) => { socket.join(room); callback(true); });
  socket.on("echo", (value, callback) => callback(value));
  socket.on("record", (value) => received.push(value));
  socket.on("received", (callback) => callback(received));
  // `count` events to the room now, each with a number and a string (the string is not the offset).
  socket.on("burst", (room, from, to, callback) => {
    for (let i = from; i <= to; i++) io.to(room).emit("tick", i, `t${i}`);
    callback(true);
  });
  // Drops the engine (no DISCONNECT, so the client reconnects), then, once the server saw the socket leave, emits
  // events to the room that the client misses.
  socket.on("dropThenBurst", (room, from, to) => {
    socket.once("disconnect", () => {
      for (let i = from; i <= to; i++) io.to(room).emit("tick", i, `t${i}`);
    });
    socket.conn.close();
  });
  // Arms the same burst for when the socket leaves some other way (its TCP connection killed by the test's proxy).
  socket.on("burstOnDisconnect", (room, from, to, callback) => {
    socket.once("disconnect", () => {
      for (let i = from; i <= to; i++) io.to(room).emit("tick", i, `t${i}`);
    });
    callback(true);
  });
  socket.on("drop", () => socket.conn.close());
  socket.on("disconnect", (reason) => console.log(`disconnect ${reason}`));
});

// A namespace whose middleware refuses with data, as socket.io's `next(err)` with `err.data`.
io.of("/guarded").use((socket, next) => {
  const error = new Error("not allowed here");
  error.data = { code: 42, retry: false };
  next(error);
});

httpServer.listen(port, "127.0.0.1", () => console.log(httpServer.address().port));
