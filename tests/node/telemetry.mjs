// Telemetry scenarios played by a real socket.io-client 4.8 peer.
// Usage: node telemetry.mjs scrape <base url>
//        node telemetry.mjs trace <base url> <traceparent for the handshake> <traceparent for the call>
// Prints one JSON object per line; the xunit tests assert on them. Any failure prints {"error":...} and exits 1.
import { io } from "socket.io-client";
import { out, runScenario } from "./scenario-runner.mjs";

const [scenarioName, baseUrl, ...rest] = process.argv.slice(2);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const clients = [];

function connect(nsp, options = {}) {
  const socket = io(baseUrl + nsp, { forceNew: true, reconnection: false, timeout: 5000, ...options });
  clients.push(socket);
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (err) => reject(new Error(`connect_error: ${err.message}`)));
  });
}

const scenarios = {
  // Connects (long-polling, then the upgrade), calls, sends an event nobody handles, and scrapes /metrics while connected.
  async scrape() {
    const socket = await connect("/");
    for (let i = 0; i < 500 && socket.io.engine.transport.name !== "websocket"; i++) await sleep(10);
    const sum = await socket.timeout(5000).emitWithAck("add", 40, 2);
    socket.emit("no such event");
    await socket.timeout(5000).emitWithAck("add", 1, 1); // after the unknown event: it was handled by then
    const response = await fetch(baseUrl + "/metrics");
    out({ kind: "scrape", sum, transport: socket.io.engine.transport.name, status: response.status, contentType: response.headers.get("content-type"), text: await response.text() });
  },

  // W3C trace context from a client that is not TypedSockets: in the CONNECT auth, and as the optional last argument.
  async trace() {
    const [handshake, call] = rest;
    const socket = await connect("/test", { transports: ["websocket"], auth: { token: "node", traceparent: handshake } });
    const sum = await socket.timeout(5000).emitWithAck("add", 2, 3, { $traceparent: call });
    out({ kind: "trace", socketId: socket.id, sum });
  },
};

await runScenario(scenarios, scenarioName, { timeoutMs: 20000, clients });
