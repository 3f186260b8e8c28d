// A Node socket.io 4.8 server implementing the TestHub contract (tests/TypedSockets.Testing/Hubs) in namespace
// /test, so the generated typed C# client is tested against an existing server. Prints its port.
import { createServer } from "node:http";
import { Server } from "socket.io";

const httpServer = createServer();
const io = new Server(httpServer);
const test = io.of("/test");
test.on("connection", (socket) => {
  socket.emit("welcome", socket.id, socket.handshake.auth);
  socket.on("add", (a, b, callback) => callback(a + b));
  socket.on("post", (note, callback) => callback({ text: note.text.toUpperCase(), length: note.text.length }));
  socket.on("echo", (data, callback) => callback(data));
  socket.on("whoAmI", (callback) => callback(`${socket.id} /test`));
  socket.on("askCaller", async (question, callback) => callback("client said " + await socket.timeout(5000).emitWithAck("question", question)));
  socket.on("fail", (callback) => callback({ error: "node says no" }));
  socket.on("shout", (text) => socket.broadcast.emit("notice", { text, priority: 1 }));
  socket.on("joinRoom", (room, callback) => { socket.join(room); callback(true); });
  socket.on("to room", (room, text) => test.to(room).emit("room message", room, text));
  // The engine alone goes away, with no Socket.IO DISCONNECT: the client must reconnect.
  socket.on("drop", () => socket.conn.close());
});
httpServer.listen(0, "127.0.0.1", () => console.log(httpServer.address().port));
