// SeedTour's page in headless Chromium over HTTPS, where the browser speaks HTTP/2: the page and the long-polling
// requests travel as HTTP/2 requests, and socket.io-client's upgrade opens its WebSocket with an extended CONNECT on
// the same connection (RFC 8441), as Chromium does towards a server that offers it. The certificate is the test's own.
// Usage: node seedtour-http2-browser.mjs <https base url>
// Prints JSON lines; any failure prints {"error":...} and exits 1.
import { chromium } from "playwright-core";

const [baseUrl] = process.argv.slice(2);
const out = (record) => console.log(JSON.stringify(record));
let browser;

const watchdog = setTimeout(() => {
  out({ error: "browser scenario timed out" });
  process.exit(1);
}, 30000);

const waitText = (page, id, expected) =>
  page.waitForFunction(([id, expected]) => document.getElementById(id).textContent === expected, [id, expected]);

try {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  const page = await (await browser.newContext({ ignoreHTTPSErrors: true })).newPage();
  const pageErrors = [];
  page.on("pageerror", (err) => pageErrors.push(String(err)));
  await page.goto(baseUrl + "/");
  await waitText(page, "status", "connected");
  await waitText(page, "transport", "websocket");

  // An event with its ack, over the upgraded transport.
  await page.fill("#message", "over HTTP/2");
  await page.click("#send");
  await page.waitForFunction(() => document.querySelectorAll("#log li").length >= 1);
  out({
    kind: "connected",
    pageProtocol: await page.evaluate(() => performance.getEntriesByType("navigation")[0].nextHopProtocol),
    transport: await page.textContent("#transport"),
    log: await page.$$eval("#log li", (list) => list.map((i) => i.textContent)),
    pageErrors,
  });
  out({ kind: "done" });
} catch (err) {
  out({ error: String(err?.stack ?? err) });
  process.exitCode = 1;
} finally {
  clearTimeout(watchdog);
  await browser?.close();
}
