// The socket.io Admin UI page, served by SeedTour (--admin-ui) at /admin/, in headless Chromium against a cluster of
// SeedTour nodes: a wrong password is refused, the right one logs in, the sockets of socket.io-client connections on
// every node are listed with their rooms, and the UI's disconnect button disconnects that client.
// Usage: node admin-ui-browser.mjs <screenshot path> <node url> [<node url> ...] (the page is opened on the first)
// Prints JSON lines like seedtour.mjs; any failure prints {"error":...} and exits 1.
import { chromium } from "playwright-core";
import { io } from "socket.io-client";

const [screenshotPath, ...nodeUrls] = process.argv.slice(2);
const out = (record) => console.log(JSON.stringify(record));
const clients = [];
let browser;

const watchdog = setTimeout(() => {
  out({ error: "admin UI scenario timed out" });
  process.exit(1);
}, 40000);

const connect = (url) => new Promise((resolve, reject) => {
  const socket = io(url, { transports: ["websocket"], reconnection: false });
  clients.push(socket);
  socket.once("connect", () => resolve(socket));
  socket.once("connect_error", reject);
});

try {
  // One client per node; the first joins a room through the tour's own `join` event.
  const sockets = [];
  for (const url of nodeUrls) {
    sockets.push(await connect(url));
  }
  const joined = await sockets[0].emitWithAck("join", "admin-tour");
  out({ kind: "clients", ids: sockets.map((s) => s.id), joined });

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  const page = await (await browser.newContext()).newPage();
  const pageErrors = [];
  page.on("pageerror", (err) => pageErrors.push(String(err)));
  await page.goto(nodeUrls[0] + "/admin/");
  // The server address is pre-filled with the page's origin.
  const serverUrl = await page.getByLabel("Server URL").inputValue();

  await page.getByLabel("Username").fill("admin");
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: /connect/i }).click();
  await page.waitForFunction(() => /invalid credentials/i.test(document.body.innerText));
  out({ kind: "refused", serverUrl, shown: "invalid credentials" });

  await page.getByLabel("Password").fill("admin");
  await page.getByRole("button", { name: /connect/i }).click();
  await page.waitForFunction(() => /Status:\s*connected/i.test(document.body.innerText));

  await page.goto(nodeUrls[0] + "/admin/#/sockets");
  const ids = sockets.map((s) => s.id);
  await page.waitForFunction((ids) => ids.every((id) => document.body.innerText.includes(id)), ids);
  out({ kind: "sockets", listed: ids });

  await page.goto(nodeUrls[0] + "/admin/#/servers");
  // Each node reports its own server_stats under its server id (host#pid).
  const serverIds = () => [...new Set(document.body.innerText.match(/[\w.-]+#\d+/g) ?? [])];
  await page.waitForFunction(`(${serverIds})().length >= ${nodeUrls.length}`);
  out({ kind: "servers", ids: await page.evaluate(`(${serverIds})()`) });

  await page.goto(nodeUrls[0] + "/admin/#/rooms");
  await page.waitForFunction(() => document.body.innerText.includes("admin-tour"));
  out({ kind: "rooms", shown: "admin-tour" });

  // The disconnect button of a socket on another node than the page's: the action crosses the cluster.
  const target = sockets[sockets.length - 1];
  const targetId = target.id;
  const disconnected = new Promise((resolve) => target.once("disconnect", resolve));
  await page.goto(nodeUrls[0] + "/admin/#/sockets");
  await page.waitForFunction((id) => document.body.innerText.includes(id), targetId);
  await page.locator("tbody tr", { hasText: targetId }).locator("button").click();
  const reason = await disconnected;
  out({ kind: "disconnected", id: targetId, reason, others: sockets.filter((s) => s !== target).map((s) => s.connected) });

  if (screenshotPath) {
    await page.screenshot({ path: screenshotPath, fullPage: true });
  }
  out({ kind: "pageErrors", errors: pageErrors });
  out({ kind: "done" });
} catch (err) {
  out({ error: String(err?.stack ?? err) });
  process.exitCode = 1;
} finally {
  clearTimeout(watchdog);
  for (const socket of clients) {
    socket.close();
  }
  await browser?.close();
}
