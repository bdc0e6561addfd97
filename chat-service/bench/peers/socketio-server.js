// The Socket.IO 4.8 peer: one room, `io.to(room).emit` (encoded once per message), WebSocket transport only, the
// frame objects in chat-service's shape. No storage, no auth, no limits.
const { createServer } = require('http');
const { Server } = require('socket.io');

const port = Number(process.argv[2] || 0);
const http = createServer();
// Pings every 5 minutes: the load client answers them, but a bench run should not be about heartbeats.
const io = new Server(http, { transports: ['websocket'], pingInterval: 300000, pingTimeout: 60000 });
let seq = 0;
let users = 0;

io.on('connection', (socket) => {
  const userId = `u-${++users}`;
  socket.join('bench');
  socket.emit('m', { type: 'history', messages: [] });
  socket.on('m', (msg) => {
    io.to('bench').emit('m', {
      type: 'message', id: String(++seq).padStart(12, '0'), roomId: 'bench', userId, displayName: userId,
      text: msg.text, ts: new Date().toISOString(), clientId: msg.clientId,
    });
  });
});
http.listen(port, '127.0.0.1', () => console.log(`listening ${http.address().port}`));
