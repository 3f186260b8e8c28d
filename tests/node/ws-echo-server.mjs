// An npm `ws` server for testing a client: prints its port, echoes every message, and obeys text
// commands: "fragment" sends a message in three fragments, "ping:<text>" pings with that payload
// and reports the pong's payload as "pong:<payload>", "close:<code>" closes with that code.
// Every ping it receives is reported as "pinged".
import { WebSocketServer } from 'ws';

const server = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 16 * 1024 * 1024 });
server.on('listening', () => console.log(server.address().port));
server.on('connection', (ws) => {
  ws.on('pong', (data) => ws.send('pong:' + data.toString()));
  ws.on('ping', () => ws.send('pinged'));
  ws.on('close', (code, reason) => console.log(JSON.stringify({ closed: code, reason: reason.toString() })));
  ws.on('message', (data, isBinary) => {
    const text = isBinary ? null : data.toString();
    if (text === 'fragment') {
      ws.send('frag', { fin: false });
      ws.send('ment', { fin: false });
      ws.send('ed!', { fin: true });
    } else if (text?.startsWith('ping:')) {
      ws.ping(text.slice(5));
    } else if (text?.startsWith('close:')) {
      ws.close(Number(text.slice(6)), 'bye');
    } else {
      ws.send(data, { binary: isBinary });
    }
  });
});
