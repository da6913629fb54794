// A small static file server for the built page, bound to 127.0.0.1 only.
// usage: node web/server.js DIR [PORT]   (PORT 0 picks a free one)
'use strict';
const http = require('http');
const fs = require('fs');
const path = require('path');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.css': 'text/css; charset=utf-8',
};

function startServer(dir, port = 0) {
  const root = path.resolve(dir);
  const server = http.createServer((req, res) => {
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch (e) {
      res.writeHead(400).end('bad request');
      return;
    }
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.join(root, path.normalize(rel));
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    fs.readFile(file, (err, data) => {
      if (err) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found: ' + rel);
        return;
      }
      res.writeHead(200, {
        'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
        'Cache-Control': 'no-store',
      });
      res.end(data);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      resolve({ url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() });
    });
  });
}

module.exports = { startServer };

if (require.main === module) {
  const [dir, portText = '8080'] = process.argv.slice(2);
  const port = Number(portText);
  if (!dir || !fs.existsSync(path.join(dir, 'index.html')) || !Number.isInteger(port) || port < 0 || port > 65535) {
    console.error('usage: node web/server.js DIR [PORT]  (DIR must hold index.html; PORT 0-65535)');
    process.exit(2);
  }
  startServer(dir, port).then(({ url }) => {
    console.log(`Swarmscope is being served at ${url}  (Ctrl-C stops it)`);
  }, err => {
    console.error(err.code === 'EADDRINUSE'
      ? `Port ${port} is already in use. Stop the other server or choose another port: PORT=8081 web/serve`
      : `Could not start the server: ${err.message}`);
    process.exit(1);
  });
}
