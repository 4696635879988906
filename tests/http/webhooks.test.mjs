// Webhooks against the real binary and real local receivers: every delivery's signature checked with
// node:crypto, a receiver failing three times gets the event on the fourth attempt (backoff shortened with
// --webhook-retry-base-ms), deliveries pending when the gateway stops are delivered after it restarts, a slow
// receiver does not hold up another webhook, and bad input is refused with the field named.
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { api } from '../support/api.mjs';
import { makeApiKey, makeDataDir, startGateway } from '../support/gateway.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A receiver that verifies each request with `secret()` and answers with `respond(n)` (n: 1-based count).
async function startReceiver({ secret, respond = () => 200, delayMs = () => 0 }) {
  const received = [];
  let count = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', async () => {
      const n = ++count;
      const timestamp = req.headers['x-wagw-timestamp'];
      const expected = 'sha256=' + createHmac('sha256', secret()).update(`${timestamp}.${body}`).digest('hex');
      const given = String(req.headers['x-wagw-signature'] ?? '');
      const valid = given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
      received.push({ n, at: Date.now(), valid, timestamp: Number(timestamp), eventId: req.headers['x-wagw-event-id'],
                      event: JSON.parse(body) });
      await sleep(delayMs(n));
      res.writeHead(respond(n)).end();
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { received, url: `http://127.0.0.1:${server.address().port}/hook`, port: server.address().port,
           close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }) };
}

async function until(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} not within ${timeoutMs} ms`);
    await sleep(50);
  }
}

describe('webhooks', () => {
  const dataDir = makeDataDir();
  const apiKey = makeApiKey();
  const extraArgs = ['--demo', '--webhook-retry-base-ms', '200'];
  let gateway;
  let session;
  const receivers = [];

  before(async () => {
    gateway = await startGateway({ dataDir, apiKey, extraArgs });
    session = (await api(gateway, 'POST', '/api/sessions', { body: { name: 'shop' } })).json.id;
  });
  after(async () => {
    await gateway?.stop();
    gateway?.removeData();
    for (const r of receivers) await r.close().catch(() => {});
  });

  test('CRUD, a generated secret shown once, signed deliveries of matching events only', async () => {
    let secret = '';
    const receiver = await startReceiver({ secret: () => secret });
    receivers.push(receiver);
    const created = await api(gateway, 'POST', '/api/webhooks',
                              { body: { url: receiver.url, events: ['session.state'] } });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    assert.match(created.json.id, /^whk_[0-9a-f]{16}$/);
    assert.match(created.json.secret, /^whsec_/);
    secret = created.json.secret;
    const id = created.json.id;
    const got = await api(gateway, 'GET', `/api/webhooks/${id}`);
    assert.equal(got.json.url, receiver.url);
    assert.equal(got.json.secret, undefined, 'the secret is not shown again');
    assert.deepEqual((await api(gateway, 'GET', '/api/webhooks')).json.webhooks.map((w) => w.id), [id]);
    // At rest the secret is sealed under master.key: the database files never hold it in the clear.
    for (const file of ['wagw.db', 'wagw.db-wal']) {
      const path = join(gateway.dataDir, file);
      if (existsSync(path)) assert.ok(!readFileSync(path).includes(secret), `${file} holds the secret in the clear`);
    }

    await api(gateway, 'POST', `/api/sessions/${session}/start`);
    await api(gateway, 'POST', `/api/sessions/${session}/stop`);
    await until(() => receiver.received.some((r) => r.event.payload.state === 'stopped'), 10000, 'stopped event');
    await sleep(300);
    assert.ok(receiver.received.length >= 2);
    for (const r of receiver.received) {
      assert.ok(r.valid, 'signature verifies');
      assert.equal(r.event.type, 'session.state', 'only the types asked for');
      assert.equal(r.event.session, session);
      assert.equal(String(r.event.id), r.eventId);
      assert.ok(Math.abs(r.timestamp - Date.now() / 1000) < 60);
    }
    const deliveries = (await api(gateway, 'GET', `/api/webhooks/${id}/deliveries`)).json.deliveries;
    assert.ok(deliveries.length >= 2);
    for (const d of deliveries) {
      assert.equal(d.status, 'delivered');
      assert.equal(d.attempt_log[0].status_code, 200);
    }

    // Ping and replay each send one more signed delivery.
    const ping = await api(gateway, 'POST', `/api/webhooks/${id}/ping`);
    assert.equal(ping.status, 202, JSON.stringify(ping.json));
    await until(() => receiver.received.some((r) => r.event.type === 'webhook.ping'), 5000, 'ping');
    const before = receiver.received.length;
    const replay = await api(gateway, 'POST', `/api/webhooks/${id}/deliveries/${deliveries[0].id}/replay`);
    assert.equal(replay.status, 202, JSON.stringify(replay.json));
    await until(() => receiver.received.length > before, 5000, 'replay');
    assert.equal(receiver.received.at(-1).event.id, deliveries[0].event_id);
    assert.ok(receiver.received.every((r) => r.valid));

    const renamed = await api(gateway, 'PATCH', `/api/webhooks/${id}`, { body: { events: ['session.qr'] } });
    assert.equal(renamed.status, 200);
    assert.deepEqual(renamed.json.events, ['session.qr']);
    assert.equal((await api(gateway, 'DELETE', `/api/webhooks/${id}`)).status, 200);
    assert.equal((await api(gateway, 'GET', `/api/webhooks/${id}`)).status, 404);
  });

  test('a receiver failing three times gets the event on the fourth attempt, with backoff', async () => {
    const secret = 'a-secret-of-our-own-choosing';
    const receiver = await startReceiver({ secret: () => secret, respond: (n) => (n <= 3 ? 503 : 200) });
    receivers.push(receiver);
    const id = (await api(gateway, 'POST', '/api/webhooks',
                          { body: { url: receiver.url, events: ['webhook.ping'], secret } })).json.id;
    const ping = await api(gateway, 'POST', `/api/webhooks/${id}/ping`);
    await until(() => receiver.received.length >= 4, 15000, 'four attempts');
    const gaps = receiver.received.slice(1).map((r, i) => r.at - receiver.received[i].at);
    // 200 ms, 1.2 s, 4.8 s nominal, +-20% jitter.
    assert.ok(gaps[0] >= 150 && gaps[1] >= 900 && gaps[1] > gaps[0], `gaps ${gaps}`);
    assert.ok(receiver.received.every((r) => r.valid && r.event.id === ping.json.event_id));
    await sleep(200);
    const [delivery] = (await api(gateway, 'GET', `/api/webhooks/${id}/deliveries`)).json.deliveries;
    assert.equal(delivery.status, 'delivered');
    assert.deepEqual(delivery.attempt_log.map((a) => a.status_code), [503, 503, 503, 200]);
    assert.match(delivery.attempt_log[0].error, /503/);
    await api(gateway, 'DELETE', `/api/webhooks/${id}`);
  });

  test('a slow receiver does not delay another webhook', async () => {
    const secret = 'slow-and-fast-secret-0123';
    const slow = await startReceiver({ secret: () => secret, delayMs: () => 4000 });
    const fast = await startReceiver({ secret: () => secret });
    receivers.push(slow, fast);
    const slowId = (await api(gateway, 'POST', '/api/webhooks',
                              { body: { url: slow.url, events: ['session.*'], secret } })).json.id;
    const fastId = (await api(gateway, 'POST', '/api/webhooks',
                              { body: { url: fast.url, events: ['session.*'], secret } })).json.id;
    const started = Date.now();
    await api(gateway, 'POST', `/api/sessions/${session}/start`);
    await api(gateway, 'POST', `/api/sessions/${session}/stop`);
    await until(() => fast.received.some((r) => r.event.payload.state === 'stopped'), 3000, 'fast receiver');
    assert.ok(Date.now() - started < 3000, 'the fast receiver was not held up');
    assert.ok(fast.received.every((r) => r.valid));
    await api(gateway, 'DELETE', `/api/webhooks/${slowId}`);
    await api(gateway, 'DELETE', `/api/webhooks/${fastId}`);
  });

  test('deliveries pending while the receiver is down survive a gateway restart', async () => {
    const secret = 'restart-secret-0123456789';
    const receiver = await startReceiver({ secret: () => secret });
    receivers.push(receiver);
    const port = receiver.port;
    await receiver.close();
    const id = (await api(gateway, 'POST', '/api/webhooks',
                          { body: { url: receiver.url, events: ['*'], secret } })).json.id;
    const ping = (await api(gateway, 'POST', `/api/webhooks/${id}/ping`)).json;
    await until(async () => (await api(gateway, 'GET', `/api/webhooks/${id}/deliveries`)).json.deliveries[0]
      .attempts >= 1, 5000, 'a failed attempt');
    const [pending] = (await api(gateway, 'GET', `/api/webhooks/${id}/deliveries`)).json.deliveries;
    assert.equal(pending.status, 'pending');
    assert.equal(pending.attempt_log[0].status_code, 0);
    assert.ok(pending.attempt_log[0].error.length > 0);
    await gateway.stop();
    // The receiver comes back while the gateway is down; the gateway then delivers on its own.
    const back = await startReceiverOn(port, secret);
    receivers.push(back);
    gateway = await startGateway({ dataDir, apiKey, extraArgs });
    await until(() => back.received.some((r) => r.event.id === ping.event_id), 15000, 'delivery after restart');
    assert.ok(back.received.every((r) => r.valid));
    await until(async () => (await api(gateway, 'GET', `/api/webhooks/${id}/deliveries`)).json.deliveries
      .find((d) => d.id === pending.id).status === 'delivered', 5000, 'marked delivered');
  });

  test('bad input is refused with the field named', async () => {
    const cases = [
      [{ url: 'ftp://example.com/x', events: ['*'] }, 'url'],
      [{ url: 'not a url', events: ['*'] }, 'url'],
      [{ url: 'http://', events: ['*'] }, 'url'],
      [{ events: ['*'] }, 'url'],
      [{ url: 'https://example.com/h', events: ['session.nope'] }, 'events'],
      [{ url: 'https://example.com/h', events: [] }, 'events'],
      [{ url: 'https://example.com/h' }, 'events'],
      [{ url: 'https://example.com/h', events: ['*'], secret: 'short' }, 'secret'],
      [{ url: 'https://example.com/h', events: ['*'], sessions: 'all' }, 'sessions'],
      [{ url: 'https://example.com/h', events: ['*'], colour: 'red' }, 'colour'],
    ];
    for (const [body, field] of cases) {
      const reply = await api(gateway, 'POST', '/api/webhooks', { body });
      assert.equal(reply.status, 400, JSON.stringify(body));
      assert.equal(reply.json.error.field, field, JSON.stringify(body));
    }
    const malformed = await api(gateway, 'POST', '/api/webhooks', { raw: '{"url":' });
    assert.equal(malformed.status, 400);
    for (const [method, path] of [['GET', '/api/webhooks/whk_0000000000000000'],
                                  ['PATCH', '/api/webhooks/whk_0000000000000000'],
                                  ['DELETE', '/api/webhooks/whk_0000000000000000'],
                                  ['GET', '/api/webhooks/whk_0000000000000000/deliveries'],
                                  ['POST', '/api/webhooks/whk_0000000000000000/ping'],
                                  ['POST', '/api/webhooks/whk_0000000000000000/deliveries/1/replay']]) {
      const reply = await api(gateway, method, path, { body: method === 'PATCH' ? { events: ['*'] } : undefined });
      assert.equal(reply.status, 404, `${method} ${path}`);
      assert.equal(reply.json.error.code, 'not_found');
      assert.equal(reply.json.error.field, 'id');
    }
    assert.equal((await api(gateway, 'GET', '/api/webhooks', { key: null })).status, 401);
  });
});

async function startReceiverOn(port, secret) {
  const received = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const timestamp = req.headers['x-wagw-timestamp'];
      const expected = 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
      received.push({ valid: req.headers['x-wagw-signature'] === expected, event: JSON.parse(body) });
      res.writeHead(200).end();
    });
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return { received, close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }) };
}
