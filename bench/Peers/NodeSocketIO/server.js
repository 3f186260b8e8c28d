// Node socket.io peer for the end-to-end benchmarks: the benchmark contract's events (docs/samples.md) in the default namespace.
// Usage: node server.js --urls http://127.0.0.1:PORT [--redis 127.0.0.1:6379]   (or: node server.js PORT)
// --redis joins the nodes of a cluster through @socket.io/redis-adapter (one publish and one subscribe client).
import { createServer } from "node:http";
import { Server } from "socket.io";
import { createAdapter } from "@socket.io/redis-adapter";
import { createClient } from "redis";

function parseListen(argv) {
  const urlsAt = argv.indexOf("--urls");
  if (urlsAt >= 0 && argv[urlsAt + 1]) {
    const url = new URL(argv[urlsAt + 1].split(";")[0]);
    return { host: url.hostname, port: Number(url.port) };
  }
  const port = argv.find((a) => /^\d+$/.test(a));
  return { host: "127.0.0.1", port: port ? Number(port) : 0 };
}

async function redisAdapter(argv) {
  const redisAt = argv.indexOf("--redis");
  if (redisAt < 0 || !argv[redisAt + 1]) {
    return undefined;
  }
  const pubClient = createClient({ url: `redis://${argv[redisAt + 1]}` });
  const subClient = pubClient.duplicate();
  await Promise.all([pubClient.connect(), subClient.connect()]);
  return createAdapter(pubClient, subClient);
}

const argv = process.argv.slice(2);
const { host, port } = parseListen(argv);
const adapter = await redisAdapter(argv);
const httpServer = createServer();
// socket.io's defaults otherwise (pingInterval 25 s, pingTimeout 20 s, no compression).
const io = new Server(httpServer, adapter ? { serveClient: false, adapter } : { serveClient: false });

io.on("connection", (socket) => {
  socket.on("echo", (payload, ack) => ack(payload));
  socket.on("join", (ack) => {
    socket.join("bench");
    ack();
  });
  socket.on("publish", (payload, ack) => {
    io.to("bench").emit("tick", payload);
    ack();
  });
});

httpServer.listen(port, host, () => {
  const address = httpServer.address();
  console.log(`Listening on http://${address.address}:${address.port}`);
});

const stop = () => io.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
