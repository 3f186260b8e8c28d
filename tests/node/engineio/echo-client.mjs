// Drives an Engine.IO echo server with the official engine.io-client:
//   node engineio/echo-client.mjs <base url> <polling|websocket|upgrade>
// Exits 0 and prints "ok <transport>" when every check passed, else prints the failure and exits 1.
import { Socket } from "engine.io-client";

const [url, mode] = process.argv.slice(2);
const transports = { polling: ["polling"], websocket: ["websocket"], upgrade: ["polling", "websocket"] }[mode];
if (!transports) {
  console.error(`unknown mode ${mode}`);
  process.exit(2);
}

const fail = (reason) => {
  console.error(`failed: ${reason}`);
  process.exit(1);
};
setTimeout(() => fail("timed out"), 8000);

const socket = new Socket(url, { path: "/socket.io/", transports, upgrade: mode === "upgrade" });
const inbox = [];
let waiting = null;
socket.on("message", (data) => {
  inbox.push(data);
  if (waiting) {
    waiting();
  }
});
socket.on("error", (error) => fail(`error ${error}`));
socket.on("close", (reason) => {
  if (!closing) {
    fail(`closed: ${reason}`);
  }
});
let closing = false;

const next = async () => {
  while (inbox.length === 0) {
    await new Promise((resolve) => (waiting = resolve));
  }
  return inbox.shift();
};

const once = (event) => new Promise((resolve) => socket.once(event, resolve));

const echoes = async () => {
  socket.send("hello € 😀");
  const text = await next();
  if (text !== "hello € 😀") {
    fail(`text echo was ${JSON.stringify(text)}`);
  }
  socket.send(Uint8Array.from([1, 2, 3, 255]));
  const binary = await next();
  if (typeof binary === "string" || !Buffer.from(binary).equals(Buffer.from([1, 2, 3, 255]))) {
    fail(`binary echo was ${JSON.stringify(binary)}`);
  }
  const batch = ["a", "b", "c"];
  batch.forEach((item) => socket.send(item));
  for (const item of batch) {
    const echoed = await next();
    if (echoed !== item) {
      fail(`batched echo ${item} was ${JSON.stringify(echoed)}`);
    }
  }
};

await once("open");
const upgraded = mode === "upgrade" ? once("upgrade") : null;
await echoes();
if (upgraded) {
  await upgraded;
  await echoes();
}
if (socket.transport.name !== (mode === "polling" ? "polling" : "websocket")) {
  fail(`transport is ${socket.transport.name}`);
}

// Answering two server pings keeps the session open across more than pingInterval + pingTimeout.
await once("ping");
await once("ping");
await echoes();

const transport = socket.transport.name;
closing = true;
socket.close();
console.log(`ok ${transport}`);
// Leaves the close packet or frame time to reach the server.
setTimeout(() => process.exit(0), 300);
