// Scoped API keys end to end against the real binary: created by the admin key and shown once, stored only as
// a hash, listed without secrets, refused after revocation (401), refused outside their scopes and sessions
// (403), and a session-limited key that lists only its own sessions. Also the request log: one line per
// request, never a key.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';

import { makeApiKey, startGateway } from '../support/gateway.mjs';

async function api(gateway, method, path, { body, key = gateway.apiKey, bearer = false } = {}) {
  const headers = {};
  if (key !== null) {
    if (bearer) headers.authorization = `Bearer ${key}`;
    else headers['X-Api-Key'] = key;
  }
  if (body !== undefined) headers['content-type'] = 'application/json';
  const reply = await fetch(`${gateway.url}${path}`, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await reply.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: reply.status, json, text };
}

describe('API keys', () => {
  let gateway;
  let shop;
  let other;

  before(async () => {
    gateway = await startGateway({ apiKey: makeApiKey() });
    shop = (await api(gateway, 'POST', '/api/sessions', { body: { name: 'shop' } })).json;
    other = (await api(gateway, 'POST', '/api/sessions', { body: { name: 'other' } })).json;
    assert.match(shop.id, /^ses_/);
  });
  after(async () => {
    await gateway?.stop();
    gateway?.removeData();
  });

  test('a key is shown once, stored as a hash, listed without its secret', async () => {
    const created = await api(gateway, 'POST', '/api/keys',
                              { body: { name: 'reader', scopes: ['sessions:read', 'sessions:read'] } });
    assert.equal(created.status, 201);
    assert.match(created.json.id, /^key_[0-9a-f]{16}$/);
    assert.match(created.json.key, /^wagw_key_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(created.json.scopes, ['sessions:read']);
    assert.equal(created.json.sessions, null);

    const listed = await api(gateway, 'GET', '/api/keys');
    assert.equal(listed.status, 200);
    const entry = listed.json.keys.find((k) => k.id === created.json.id);
    assert.equal(entry.name, 'reader');
    assert.equal(entry.key, undefined);
    assert.ok(!listed.text.includes(created.json.key.slice(-43)), 'the list must not carry the secret');

    // The database holds neither the whole key nor its secret part.
    const dump = execFileSync('sqlite3', [`${gateway.dataDir}/wagw.db`, '.dump']).toString();
    assert.ok(dump.includes(created.json.id));
    assert.ok(!dump.includes(created.json.key.slice(-43)));

    // It works, as X-Api-Key and as a Bearer token.
    assert.equal((await api(gateway, 'GET', '/api/sessions', { key: created.json.key })).status, 200);
    assert.equal((await api(gateway, 'GET', `/api/sessions/${shop.id}`,
                            { key: created.json.key, bearer: true })).status, 200);
  });

  test('a key without the route\'s scope gets 403 naming the scope; a wrong key 401', async () => {
    const { json: reader } = await api(gateway, 'POST', '/api/keys',
                                       { body: { name: 'reader 2', scopes: ['sessions:read'] } });
    const write = await api(gateway, 'POST', `/api/sessions/${shop.id}/start`, { key: reader.key });
    assert.equal(write.status, 403);
    assert.equal(write.json.error.code, 'forbidden');
    assert.match(write.json.error.message, /sessions:write/);
    const keys = await api(gateway, 'GET', '/api/keys', { key: reader.key });
    assert.equal(keys.status, 403);
    assert.match(keys.json.error.message, /keys:manage/);
    const metrics = await api(gateway, 'GET', '/metrics', { key: reader.key });
    assert.equal(metrics.status, 403);

    // The right id with a wrong secret, and a key of the right shape that was never made.
    const forged = reader.key.slice(0, -4) + (reader.key.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    for (const key of [forged, 'wagw_key_0000000000000000_' + 'A'.repeat(43), 'nonsense']) {
      const reply = await api(gateway, 'GET', '/api/sessions', { key });
      assert.equal(reply.status, 401, key);
      assert.equal(reply.json.error.code, 'unauthorized');
    }
  });

  test('a revoked key is refused with 401', async () => {
    const { json: temp } = await api(gateway, 'POST', '/api/keys',
                                     { body: { name: 'temp', scopes: ['sessions:read'] } });
    assert.equal((await api(gateway, 'GET', '/api/sessions', { key: temp.key })).status, 200);
    const deleted = await api(gateway, 'DELETE', `/api/keys/${temp.id}`);
    assert.equal(deleted.status, 200);
    assert.deepEqual(deleted.json, { deleted: true, id: temp.id });
    const after = await api(gateway, 'GET', '/api/sessions', { key: temp.key });
    assert.equal(after.status, 401);
    assert.equal(after.json.error.code, 'unauthorized');
    assert.ok(!(await api(gateway, 'GET', '/api/keys')).json.keys.some((k) => k.id === temp.id));
    const again = await api(gateway, 'DELETE', `/api/keys/${temp.id}`);
    assert.equal(again.status, 404);
    assert.equal(again.json.error.field, 'id');
  });

  test('a key limited to one session sees and touches only that one', async () => {
    const created = await api(gateway, 'POST', '/api/keys', {
      body: { name: 'shop bot', scopes: ['sessions:read', 'sessions:write'], sessions: [shop.id] },
    });
    assert.equal(created.status, 201);
    assert.deepEqual(created.json.sessions, [shop.id]);
    const key = created.json.key;

    const list = await api(gateway, 'GET', '/api/sessions', { key });
    assert.equal(list.status, 200);
    assert.deepEqual(list.json.sessions.map((s) => s.id), [shop.id]);
    // The admin still sees both.
    assert.equal((await api(gateway, 'GET', '/api/sessions')).json.sessions.length, 2);

    assert.equal((await api(gateway, 'GET', `/api/sessions/${shop.id}`, { key })).status, 200);
    assert.equal((await api(gateway, 'PATCH', `/api/sessions/${shop.id}`,
                            { key, body: { name: 'shop front' } })).status, 200);
    for (const [method, path] of [['GET', `/api/sessions/${other.id}`], ['DELETE', `/api/sessions/${other.id}`],
                                  ['POST', `/api/sessions/${other.id}/start`]]) {
      const reply = await api(gateway, method, path, { key });
      assert.equal(reply.status, 403, `${method} ${path}`);
      assert.equal(reply.json.error.code, 'forbidden');
      assert.match(reply.json.error.message, new RegExp(other.id));
    }
    const create = await api(gateway, 'POST', '/api/sessions', { key, body: { name: 'sneaky' } });
    assert.equal(create.status, 403);
    // The other session is untouched.
    assert.equal((await api(gateway, 'GET', `/api/sessions/${other.id}`)).json.name, 'other');
  });

  test('bad requests to create a key name the field', async () => {
    const cases = [
      [{ scopes: ['sessions:read'] }, 'name'],
      [{ name: '', scopes: ['sessions:read'] }, 'name'],
      [{ name: 'x'.repeat(65), scopes: ['sessions:read'] }, 'name'],
      [{ name: 'k' }, 'scopes'],
      [{ name: 'k', scopes: [] }, 'scopes'],
      [{ name: 'k', scopes: 'sessions:read' }, 'scopes'],
      [{ name: 'k', scopes: ['sessions:admin'] }, 'scopes'],
      [{ name: 'k', scopes: ['keys:manage'] }, 'scopes'],
      [{ name: 'k', scopes: ['sessions:read'], sessions: [] }, 'sessions'],
      [{ name: 'k', scopes: ['sessions:read'], sessions: ['ses_doesnotexist0000'] }, 'sessions'],
      [{ name: 'k', scopes: ['sessions:read'], sessions: [42] }, 'sessions'],
    ];
    const before = (await api(gateway, 'GET', '/api/keys')).json.keys.length;
    for (const [body, field] of cases) {
      const reply = await api(gateway, 'POST', '/api/keys', { body });
      assert.equal(reply.status, 400, JSON.stringify(body));
      assert.equal(reply.json.error.field, field, JSON.stringify(body));
    }
    const malformed = await fetch(`${gateway.url}/api/keys`, {
      method: 'POST', headers: { 'X-Api-Key': gateway.apiKey, 'content-type': 'application/json' }, body: '{"name":',
    });
    assert.equal(malformed.status, 400);
    assert.equal((await api(gateway, 'GET', '/api/keys')).json.keys.length, before, 'nothing stored');
  });

  test('keys survive a restart; the request log has one line per request and no key', async () => {
    const { json: kept } = await api(gateway, 'POST', '/api/keys',
                                     { body: { name: 'kept', scopes: ['sessions:read'] } });
    await api(gateway, 'GET', `/api/sessions?ticket=secret-ticket-text`, { key: kept.key });
    await gateway.stop();
    const log = gateway.errors();
    assert.match(log, /wagw: http method=GET route=\/api\/sessions\/:id status=200 ms=\d+\.\d\d\n/);
    assert.match(log, /wagw: http method=POST route=\/api\/keys status=201 ms=/);
    assert.match(log, /wagw: http method=DELETE route=\/api\/keys\/:id status=404 ms=/);
    assert.ok(!log.includes(kept.key) && !log.includes(gateway.apiKey) && !log.includes('secret-ticket-text'));
    assert.ok(!log.includes(shop.id), 'paths are logged as patterns, not with ids');

    gateway = await startGateway({ apiKey: gateway.apiKey, dataDir: gateway.dataDir });
    assert.equal((await api(gateway, 'GET', '/api/sessions', { key: kept.key })).status, 200);
  });
});
