// /api/events as an attacker meets it: no key, a stolen ticket, a foreign page, frames that claim gigabytes,
// a ping flood from a client that never reads, and more sockets than a key may hold.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';

import { makeApiKey, startGateway } from '../support/gateway.mjs';

// Resolves with the first message, or with the HTTP status when the upgrade is refused.
function openEvents(url, { headers = {}, origin } = {}) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers, origin });
    const timer = setTimeout(() => reject(new Error('no answer within 5 s')), 5000);
    socket.once('message', (data) => {
      clearTimeout(timer);
      resolve({ socket, event: JSON.parse(data.toString()) });
    });
    socket.once('unexpected-response', (request, response) => {
      clearTimeout(timer);
      let body = '';
      response.on('data', (d) => (body += d));
      response.on('end', () => resolve({ status: response.statusCode, body: JSON.parse(body) }));
    });
    socket.once('error', (e) => { clearTimeout(timer); reject(e); });
  });
}

function rssKiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/VmRSS:\s+(\d+) kB/)[1]);
}

// A raw upgraded socket, so the test can send frames no WebSocket library would.
function rawUpgrade(port, key) {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write('GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n' +
        `X-Api-Key: ${key}\r\n\r\n`);
    });
    let head = Buffer.alloc(0);
    const onData = (d) => {
      head = Buffer.concat([head, d]);
      if (head.includes('\r\n\r\n')) {
        socket.off('data', onData);
        if (!head.toString().startsWith('HTTP/1.1 101')) reject(new Error(head.toString()));
        else resolve(socket);
      }
    };
    socket.on('data', onData);
    socket.on('error', reject);
  });
}

const mask = Buffer.from([1, 2, 3, 4]);

describe('/api/events security', () => {
  let gateway;
  let url;

  before(async () => {
    gateway = await startGateway({ apiKey: makeApiKey(), extraArgs: ['--allowed-origin', 'https://crm.example.com'] });
    url = `ws://127.0.0.1:${gateway.port}/api/events`;
  });

  after(async () => {
    await gateway?.stop();
    gateway?.removeData();
  });

  async function ticket() {
    const reply = await fetch(`${gateway.url}/api/events/tickets`, { method: 'POST', headers: { 'X-Api-Key': gateway.apiKey } });
    assert.equal(reply.status, 201);
    const body = await reply.json();
    assert.equal(body.expires_in_s, 60);
    return body.ticket;
  }

  test('no key, a wrong key, or a key in the URL is refused with 401', async () => {
    for (const attempt of [
      openEvents(url),
      openEvents(url, { headers: { 'X-Api-Key': 'wagw_wrong' } }),
      openEvents(`${url}?key=${gateway.apiKey}`),
      openEvents(`${url}?api_key=${gateway.apiKey}`),
      openEvents(`${url}?ticket=evt_made_up`),
      openEvents(`${url}?ticket=%zz&ticket`),
    ]) {
      const { status, body } = await attempt;
      assert.equal(status, 401);
      assert.equal(body.error.code, 'unauthorized');
    }
  });

  test('the key header (either form) opens the socket', async () => {
    for (const headers of [{ 'X-Api-Key': gateway.apiKey }, { Authorization: `Bearer ${gateway.apiKey}` }]) {
      const { socket, event } = await openEvents(url, { headers });
      assert.equal(event.type, 'hello');
      socket.close();
    }
  });

  test('a browser ticket works once, from the gateway\'s own page or an allowed origin', async () => {
    const own = `http://127.0.0.1:${gateway.port}`;
    const first = await ticket();
    const opened = await openEvents(`${url}?ticket=${first}`, { origin: own });
    assert.equal(opened.event.type, 'hello');
    opened.socket.close();
    const again = await openEvents(`${url}?ticket=${first}`, { origin: own });
    assert.equal(again.status, 401, 'a ticket is single-use');

    const allowed = await openEvents(`${url}?ticket=${await ticket()}`, { origin: 'https://crm.example.com' });
    assert.equal(allowed.event.type, 'hello');
    allowed.socket.close();

    const foreign = await openEvents(`${url}?ticket=${await ticket()}`, { origin: 'https://evil.example' });
    assert.equal(foreign.status, 403);
    assert.equal(foreign.body.error.code, 'origin_not_allowed');
  });

  test('a frame claiming a gigabyte is refused with 1009 before anything is allocated', async () => {
    const before = rssKiB(gateway.pid);
    const socket = await rawUpgrade(gateway.port, gateway.apiKey);
    const closed = new Promise((resolve) => {
      let data = Buffer.alloc(0);
      socket.on('data', (d) => (data = Buffer.concat([data, d])));
      socket.on('close', () => resolve(data));
    });
    const header = Buffer.alloc(14);
    header[0] = 0x82;         // final binary frame
    header[1] = 0x80 | 127;   // masked, 64-bit length
    header.writeBigUInt64BE(1n << 30n, 2);
    mask.copy(header, 10);
    socket.write(header);
    const data = await closed;
    const at = data.lastIndexOf(0x88);
    assert.ok(at >= 0, 'a close frame came back');
    assert.equal(data.readUInt16BE(at + 2), 1009);
    assert.ok(rssKiB(gateway.pid) - before < 64 * 1024, 'no gigabyte was allocated');
  });

  test('a client that pings without ever reading cannot grow the gateway', async () => {
    const before = rssKiB(gateway.pid);
    const socket = await rawUpgrade(gateway.port, gateway.apiKey);
    socket.pause();  // never read: pongs can only pile up on the gateway's side
    const ping = Buffer.concat([Buffer.from([0x89, 0x80 | 125]), mask, Buffer.alloc(125, 7)]);
    const burst = Buffer.concat(Array.from({ length: 2000 }, () => ping));  // 262 KB
    for (let i = 0; i < 400; ++i) {  // ~100 MB of pings
      if (!socket.write(burst)) await new Promise((resolve) => socket.once('drain', resolve));
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    const grown = rssKiB(gateway.pid) - before;
    assert.ok(grown < 32 * 1024, `grew by ${grown} KiB`);
    socket.destroy();
    assert.equal((await fetch(`${gateway.url}/api/health`)).status, 200);
  });

  test('a key may hold 32 event sockets; the next is told why', async () => {
    const headers = { 'X-Api-Key': gateway.apiKey };
    const open = [];
    for (let i = 0; i < 32; ++i) open.push((await openEvents(url, { headers })).socket);
    const refused = await openEvents(url, { headers });
    assert.equal(refused.status, 429);
    assert.equal(refused.body.error.code, 'too_many_event_sockets');
    open.pop().close();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const again = await openEvents(url, { headers });
    assert.equal(again.event.type, 'hello');
    again.socket.close();
    for (const socket of open) socket.close();
  });
});
