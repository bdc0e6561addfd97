// The bare Node `ws` broadcast peer: every message to every socket (sender included), numbered in arrival order,
// in the same frame shape as chat-service's so the same load client counts both. No storage, no auth, no limits.
const { WebSocketServer } = require('ws');

const port = Number(process.argv[2] || 0);
const wss = new WebSocketServer({ host: '127.0.0.1', port });
let seq = 0;
let users = 0;

wss.on('connection', (socket) => {
  const userId = `u-${++users}`;
  socket.send('{"type":"history","messages":[]}');
  socket.on('message', (data) => {
    const msg = JSON.parse(data);
    const frame = JSON.stringify({
      type: 'message', id: String(++seq).padStart(12, '0'), roomId: 'bench', userId, displayName: userId,
      text: msg.text, ts: new Date().toISOString(), clientId: msg.clientId,
    });
    for (const client of wss.clients) {
      client.send(frame);
    }
  });
});
wss.on('listening', () => console.log(`listening ${wss.address().port}`));
