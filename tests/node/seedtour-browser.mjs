// The SeedTour page in headless Chromium: it loads /socket.io/socket.io.js, connects, shows the
// announcement and the live count, and sends a message.
// Usage: node seedtour-browser.mjs <base url> [screenshot path]
// Prints JSON lines like seedtour.mjs; any failure prints {"error":...} and exits 1.
import { chromium } from "playwright-core";

const [baseUrl, screenshotPath] = process.argv.slice(2);
const out = (record) => console.log(JSON.stringify(record));
let browser;

const watchdog = setTimeout(() => {
  out({ error: "browser scenario timed out" });
  process.exit(1);
}, 25000);

try {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  const first = await (await browser.newContext()).newPage();
  const pageErrors = [];
  first.on("pageerror", (err) => pageErrors.push(String(err)));
  await first.goto(baseUrl + "/");
  await first.waitForFunction(() => document.getElementById("status").textContent === "connected");
  await first.waitForFunction(() => document.getElementById("count").textContent === "1");
  out({
    kind: "first",
    announcement: await first.textContent("#announcement"),
    count: await first.textContent("#count"),
  });

  await first.fill("#message", "from the browser");
  await first.click("#send");
  await first.waitForFunction(() => document.querySelector("#log li") !== null);
  out({ kind: "log", items: await first.$$eval("#log li", (items) => items.map((i) => i.textContent)) });

  const secondContext = await browser.newContext();
  const second = await secondContext.newPage();
  await second.goto(baseUrl + "/");
  await first.waitForFunction(() => document.getElementById("count").textContent === "2");
  await second.waitForFunction(() => document.getElementById("count").textContent === "2");
  out({ kind: "twoPages", first: await first.textContent("#count"), second: await second.textContent("#count") });
  // Closed once upgraded: a tab closed in the instant between the server's 3probe and the client's 5 leaves a
  // session that, as with Node's engine.io, only the heartbeat ends (engine.io-client has paused polling then).
  await second.waitForFunction(() => socket.io.engine.transport.name === "websocket");
  await secondContext.close();
  await first.waitForFunction(() => document.getElementById("count").textContent === "1");
  out({ kind: "afterClose", first: await first.textContent("#count"), pageErrors });
  if (screenshotPath) {
    await first.screenshot({ path: screenshotPath, fullPage: true });
    out({ kind: "screenshot", path: screenshotPath });
  }
  out({ kind: "done" });
} catch (err) {
  out({ error: String(err?.stack ?? err) });
  process.exitCode = 1;
} finally {
  clearTimeout(watchdog);
  await browser?.close();
}
