// Drives a WebSocket echo server with the npm `ws` client and prints one JSON line of results.
// Usage: node ws-client-scenario.mjs <ws-url> <close-code>
import WebSocket from 'ws';

const [url, closeCode] = process.argv.slice(2);
const sizes = [0, 125, 126, 65535, 65536, 1024 * 1024];
const results = { echoes: [], fragmented: null, pong: null, closeCode: null, closeReason: null };

function payload(size, text) {
  if (!text) return Buffer.from(Array.from({ length: size }, (_, i) => (i * 7) & 0xff));
  const unit = Buffer.from('κ' + 'a'.repeat(98));
  const bytes = Buffer.alloc(size, 'z');
  for (let i = 0; i + unit.length <= size; i += unit.length) unit.copy(bytes, i);
  return bytes;
}

// A peer that stops answering fails the test quickly instead of hanging it.
setTimeout(() => { console.error('timed out: ' + JSON.stringify(results)); process.exit(2); }, 8000).unref();

const ws = new WebSocket(url);
const queue = [];
ws.on('message', (data, isBinary) => queue.shift()({ data, isBinary }));
const next = () => new Promise((resolve) => queue.push(resolve));

ws.on('open', async () => {
  for (const size of sizes) {
    for (const text of [true, false]) {
      const sent = payload(size, text);
      const reply = next();
      ws.send(text ? sent.toString('utf8') : sent, { binary: !text });
      const { data, isBinary } = await reply;
      results.echoes.push({ size, text, ok: isBinary === !text && Buffer.compare(data, sent) === 0 });
    }
  }

  const whole = payload(1000, true);
  const reply = next();
  ws.send(whole.subarray(0, 1), { binary: false, fin: false });
  ws.send(whole.subarray(1, 501), { binary: false, fin: false });
  ws.send(whole.subarray(501), { binary: false, fin: true });
  const fragmented = await reply;
  results.fragmented = !fragmented.isBinary && Buffer.compare(fragmented.data, whole) === 0;

  ws.once('pong', (data) => {
    results.pong = data.toString();
    ws.close(Number(closeCode), 'bye');
  });
  ws.ping('are you there');
});

ws.on('close', (code, reason) => {
  results.closeCode = code;
  results.closeReason = reason.toString();
  console.log(JSON.stringify(results));
});
ws.on('error', (error) => {
  console.error(error.message);
  process.exit(1);
});
