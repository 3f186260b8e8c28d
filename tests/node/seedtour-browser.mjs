// The SeedTour page in headless Chromium, every part of the tour played from the page (clicks and inputs), with a
// socket.io-client in Node beside it as a second user: connection status and transport, the announcement and the
// live count, an event with its ack, joining, leaving and sending to a room, add, binary echo, /stackabuse.
// Usage: node seedtour-browser.mjs <base url> [screenshot path]
// Prints JSON lines like seedtour.mjs; any failure prints {"error":...} and exits 1.
import { chromium } from "playwright-core";
import { io } from "socket.io-client";

const [baseUrl, screenshotPath] = process.argv.slice(2);
const out = (record) => console.log(JSON.stringify(record));
const peers = [];
let browser;

const watchdog = setTimeout(() => {
  out({ error: "browser scenario timed out" });
  process.exit(1);
}, 40000);

const connect = (url, listen = () => {}) => new Promise((resolve, reject) => {
  const socket = io(url, { transports: ["websocket"], reconnection: false, forceNew: true });
  peers.push(socket);
  listen(socket);
  socket.once("connect", () => resolve(socket));
  socket.once("connect_error", reject);
});
const text = (page, selector) => page.textContent(selector);
const items = (page, selector) => page.$$eval(selector + " li", (list) => list.map((i) => i.textContent));
const waitText = (page, id, expected) =>
  page.waitForFunction(([id, expected]) => document.getElementById(id).textContent === expected, [id, expected]);
const waitItems = (page, id, count) =>
  page.waitForFunction(([id, count]) => document.querySelectorAll(`#${id} li`).length >= count, [id, count]);

try {
  // The second user: in room lobby, collecting what reaches it.
  const peer = await connect(baseUrl);
  const peerRoomEvents = [];
  peer.on("some event", (message) => peerRoomEvents.push(message));
  await peer.emitWithAck("join", "lobby");

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  const page = await (await browser.newContext()).newPage();
  const pageErrors = [];
  page.on("pageerror", (err) => pageErrors.push(String(err)));
  await page.goto(baseUrl + "/");
  await waitText(page, "status", "connected");
  await waitText(page, "count", "2");
  await waitText(page, "transport", "websocket");
  out({
    kind: "connected",
    status: await text(page, "#status"),
    transport: await text(page, "#transport"),
    announcement: await text(page, "#announcement"),
    count: await text(page, "#count"),
  });

  // An event with its ack.
  await page.fill("#message", "from the browser");
  await page.click("#send");
  await waitItems(page, "log", 1);
  out({ kind: "log", items: await items(page, "#log") });

  // Rooms: join lobby (the peer is in it), a name the server refuses, a message to the room, leave, another message.
  await page.fill("#room", "lobby");
  await page.click("#join");
  await waitText(page, "room-result", "joined lobby");
  await page.fill("#room", "Not A Room!");
  await page.click("#join");
  await page.waitForFunction(() => document.getElementById("room-result").textContent.startsWith("refused"));
  const refused = await text(page, "#room-result");
  out({ kind: "rooms", joined: await items(page, "#rooms"), refused });

  await page.fill("#to-room", "lobby");
  await page.fill("#room-text", "hello lobby");
  await page.click("#send-to-room");
  await waitItems(page, "room-log", 1);
  await page.fill("#room", "lobby");
  await page.click("#leave");
  await waitText(page, "room-result", "left lobby");
  await page.fill("#room-text", "after the page left");
  await page.click("#send-to-room");
  while (peerRoomEvents.length < 2) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  // The page left before the second message; it must not arrive there (it reached the peer, which came later).
  await page.waitForTimeout(100);
  out({ kind: "toRoom", page: await items(page, "#room-log"), peer: peerRoomEvents, joinedAfterLeave: await items(page, "#rooms") });

  // add with its ack.
  await page.fill("#a", "20");
  await page.fill("#b", "22");
  await page.click("#add");
  await page.waitForFunction(() => document.getElementById("sum").textContent !== "");
  out({ kind: "add", sum: await text(page, "#sum") });

  // Binary echo.
  await page.fill("#binary-text", "bytes, not text");
  await page.click("#echo");
  await page.waitForFunction(() => document.getElementById("binary-result").textContent !== "");
  out({ kind: "binary", result: await text(page, "#binary-result") });

  // /stackabuse: the page's own connect brought one stats; a peer joining /stackabuse brings another to both.
  await waitText(page, "stackabuse-status", "connected");
  await waitItems(page, "stackabuse-log", 1);
  // Listening before the connect: the server's stats can arrive in the same read as the CONNECT answer.
  let peerStats;
  const statsArrived = new Promise((resolve) => connect(baseUrl + "/stackabuse", (s) => s.once("stats", (data) => resolve(peerStats = data))));
  await statsArrived;
  await waitItems(page, "stackabuse-log", 2);
  out({ kind: "stackabuse", page: await items(page, "#stackabuse-log"), peer: peerStats, count: await text(page, "#count") });

  // The live count: a second page, then the peer leaves.
  const secondContext = await browser.newContext();
  const second = await secondContext.newPage();
  await second.goto(baseUrl + "/");
  await waitText(page, "count", "3");
  await waitText(second, "count", "3");
  out({ kind: "twoPages", first: await text(page, "#count"), second: await text(second, "#count") });
  // Closed once upgraded: a tab closed in the instant between the server's 3probe and the client's 5 leaves a
  // session that, as with Node's engine.io, only the heartbeat ends (engine.io-client has paused polling then).
  await second.waitForFunction(() => socket.io.engine.transport.name === "websocket");
  await secondContext.close();
  peer.close();
  await waitText(page, "count", "1");
  out({ kind: "afterClose", first: await text(page, "#count"), pageErrors });
  if (screenshotPath) {
    await page.screenshot({ path: screenshotPath, fullPage: true });
    out({ kind: "screenshot", path: screenshotPath });
  }
  out({ kind: "done" });
} catch (err) {
  out({ error: String(err?.stack ?? err) });
  process.exitCode = 1;
} finally {
  clearTimeout(watchdog);
  for (const socket of peers) {
    socket.close();
  }
  await browser?.close();
}
