// Every route the server declares, taken from its own route table (/api/openapi.json is generated from it), is
// tried without a key, with a key that does not exist, with a key holding every scope but the one the route
// needs, and (for routes under a session) with a key limited to another session. A route added to the table
// is covered the day it is added: none may answer anything but 401 or 403 to those callers.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';

import { api } from '../support/api.mjs';
import { makeApiKey, startGateway } from '../support/gateway.mjs';

describe('every protected route refuses the wrong caller', () => {
  let gateway;
  let operations;  // [{ method, path, scope }] for every route that needs a key
  let mine;        // a session the session-limited key may touch
  let theirs;      // one it may not

  before(async () => {
    gateway = await startGateway({ apiKey: makeApiKey() });
    const document = await (await fetch(`${gateway.url}/api/openapi.json`)).json();
    operations = [];
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        if (Array.isArray(operation.security) && operation.security.length === 0) continue;  // public
        operations.push({ method: method.toUpperCase(), path, scope: operation['x-wagw-scope'] });
      }
    }
    mine = (await api(gateway, 'POST', '/api/sessions', { body: { name: 'mine' } })).json;
    theirs = (await api(gateway, 'POST', '/api/sessions', { body: { name: 'theirs' } })).json;
  });
  after(async () => {
    await gateway?.stop();
    gateway?.removeData();
  });

  // Path parameters filled with values that exist where that matters (the session), so a wrong answer could
  // not hide behind a 404.
  const concrete = (path, session) =>
    path.replace('/api/sessions/{id}', `/api/sessions/${session}`).replace(/\{[^}]+\}/g, 'x_0000000000000000');
  const body = (method) => (method === 'GET' || method === 'DELETE' ? undefined : {});

  // /api/events is a WebSocket: a caller is refused at the upgrade, with the same JSON error as other routes.
  const upgrade = (path, key) => new Promise((resolve, reject) => {
    const headers = { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13',
                      'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' };
    if (key) headers['X-Api-Key'] = key;
    const req = request({ host: '127.0.0.1', port: gateway.port, path, headers }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode, json: JSON.parse(text) }));
    });
    req.on('upgrade', (res, socket) => { socket.destroy(); resolve({ status: res.statusCode, json: null }); });
    req.on('error', reject);
    req.end();
  });
  const call = (method, path, session, key) =>
    path === '/api/events' ? upgrade(path, key)
                           : api(gateway, method, concrete(path, session), { key, body: body(method) });

  test('the table has the routes users rely on, each with a scope', () => {
    assert.ok(operations.length >= 30, `only ${operations.length} protected routes`);
    for (const { method, path, scope } of operations)
      assert.match(scope ?? '', /^[a-z]+:[a-z]+$/, `${method} ${path} has no scope`);
    for (const route of ['POST /api/sessions/{id}/messages', 'GET /api/keys', 'POST /api/webhooks', 'GET /metrics'])
      assert.ok(operations.some((o) => `${o.method} ${o.path}` === route), `${route} is protected`);
  });

  test('no key, or a key that does not exist: 401 unauthorized on every route', async () => {
    for (const { method, path } of operations) {
      for (const key of [null, 'wagw_key_0000000000000000_' + 'A'.repeat(43)]) {
        const reply = await call(method, path, mine.id, key);
        assert.equal(reply.status, 401, `${method} ${path} with ${key ? 'an unknown' : 'no'} key`);
        assert.equal(reply.json.error.code, 'unauthorized', `${method} ${path}`);
      }
    }
  });

  test('a key with every scope but the route\'s own: 403 naming the scope it lacks', async () => {
    const scopes = [...new Set(operations.map((o) => o.scope))];
    const keyWithout = {};
    for (const scope of scopes) {
      const others = scopes.filter((s) => s !== scope && s !== 'keys:manage');
      const made = await api(gateway, 'POST', '/api/keys', { body: { name: `all but ${scope}`, scopes: others } });
      assert.equal(made.status, 201, JSON.stringify(made.json));
      keyWithout[scope] = made.json.key;
    }
    for (const { method, path, scope } of operations) {
      const reply = await call(method, path, mine.id, keyWithout[scope]);
      assert.equal(reply.status, 403, `${method} ${path} without ${scope}`);
      assert.equal(reply.json.error.code, 'forbidden');
      assert.ok(reply.json.error.message.includes(scope), `${method} ${path}: "${reply.json.error.message}"`);
    }
  });

  test('a key limited to one session: 403 on every route of another session', async () => {
    const scopes = [...new Set(operations.map((o) => o.scope))].filter((s) => s !== 'keys:manage');
    const made = await api(gateway, 'POST', '/api/keys',
                           { body: { name: 'only mine', scopes, sessions: [mine.id] } });
    assert.equal(made.status, 201, JSON.stringify(made.json));
    const underSession = operations.filter((o) => o.path.startsWith('/api/sessions/{id}'));
    assert.ok(underSession.length >= 15);
    for (const { method, path } of underSession) {
      const reply = await call(method, path, theirs.id, made.json.key);
      assert.equal(reply.status, 403, `${method} ${path} of another session`);
      assert.equal(reply.json.error.code, 'forbidden');
    }
    // The same key does reach its own session (so the 403s above are about the session, not the key).
    const own = await api(gateway, 'GET', `/api/sessions/${mine.id}`, { key: made.json.key });
    assert.equal(own.status, 200);
  });
});
