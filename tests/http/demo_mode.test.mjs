// `wagw serve --demo`: the WhatsApp simulator runs inside the gateway process, reachable over TLS with the
// certificate it wrote, its control API working behind the token the gateway printed and wrote (mode 0600), and
// its root key kept across restarts. A malformed control-API request is answered, not fatal to the gateway.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { test } from 'node:test';

import { makeDataDir, startGateway } from '../support/gateway.mjs';

// The demo's control API; `token` goes out as "Authorization: Bearer TOKEN" unless it is null.
function simulatorApi({ port, ca, token }, method, path, body) {
  const headers = { 'content-type': 'application/json' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, ca, servername: 'localhost', checkServerIdentity: () => undefined,
                          headers }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body));
  });
}

// The simulator's port, certificate and control-API token of a running demo, as it printed and wrote them.
function demoSimulator(gateway) {
  const demoDir = join(gateway.dataDir, 'demo-whatsapp');
  const url = gateway.output().match(/demo: +WhatsApp simulator on wss:\/\/127\.0\.0\.1:(\d+)\/ws\/chat/);
  assert.ok(url, gateway.output());
  const printed = gateway.output().match(/control API token \(Authorization: Bearer, also in (.+)\): ([0-9a-f]{64})\n/);
  assert.ok(printed, gateway.output());
  const tokenFile = join(demoDir, 'admin-token');
  assert.equal(printed[1], tokenFile);
  assert.equal(statSync(tokenFile).mode & 0o777, 0o600, 'only the gateway user may read the token');
  const token = readFileSync(tokenFile, 'utf8').trim();
  assert.equal(token, printed[2]);
  return { port: Number(url[1]), ca: readFileSync(join(demoDir, 'cert.pem')), token };
}

test('the demo simulator starts with the gateway and keeps its identity', async () => {
  const dataDir = makeDataDir();
  const first = await startGateway({ dataDir, extraArgs: ['--demo'] });
  const sim = demoSimulator(first);
  const demoDir = join(dataDir, 'demo-whatsapp');
  const rootKey = readFileSync(join(demoDir, 'root.pub'), 'utf8').trim();
  assert.match(rootKey, /^[0-9a-f]{64}$/);

  const stats = await simulatorApi(sim, 'GET', '/admin/stats');
  assert.equal(stats.status, 200);
  assert.equal(stats.body.accounts, 0);
  const created = await simulatorApi(sim, 'POST', '/admin/accounts', { phone: '4915550123', push_name: 'Demo' });
  assert.ok(created.status === 200 || created.status === 201, JSON.stringify(created.body));
  const account = await simulatorApi(sim, 'GET', '/admin/accounts/4915550123');
  assert.equal(account.status, 200);
  await first.stop();
  // The simulator's keys and database are the gateway user's alone.
  assert.equal(statSync(demoDir).mode & 0o777, 0o700);
  for (const file of readdirSync(demoDir)) {
    assert.equal(statSync(join(demoDir, file)).mode & 0o077, 0, `${file} is private`);
  }

  const second = await startGateway({ dataDir, extraArgs: ['--demo'] });
  assert.equal(readFileSync(join(demoDir, 'root.pub'), 'utf8').trim(), rootKey, 'the root key survives a restart');
  const again = demoSimulator(second);
  assert.notEqual(again.token, sim.token, 'each start has a new token');
  assert.equal((await simulatorApi({ ...again, token: sim.token }, 'GET', '/admin/stats')).status, 401);
  const kept = await simulatorApi(again, 'GET', '/admin/accounts/4915550123');
  assert.equal(kept.status, 200, 'accounts persist in the demo data folder');
  const { code } = await second.stop();
  assert.equal(code, 0);
  second.removeData();
});

test('the demo control API wants its token on every request', async () => {
  const gateway = await startGateway({ extraArgs: ['--demo'] });
  const sim = demoSimulator(gateway);
  const refusals = [
    { token: null, method: 'GET', path: '/admin/stats' },
    { token: '', method: 'GET', path: '/admin/stats' },
    { token: 'wrong', method: 'GET', path: '/admin/accounts' },
    { token: sim.token.slice(0, -1), method: 'GET', path: '/admin/accounts' },
    { token: `${sim.token}x`, method: 'POST', path: '/admin/accounts', body: { phone: '4915550999' } },
    { token: null, method: 'GET', path: '/admin/accounts/4915550999/messages' },
    { token: null, method: 'POST', path: '/admin/mock-phone/scan-qr', body: 'anything' },
  ];
  for (const { token, method, path, body } of refusals) {
    const reply = await simulatorApi({ ...sim, token }, method, path, body);
    assert.equal(reply.status, 401, `${method} ${path} with ${JSON.stringify(token)}`);
    assert.equal(reply.body.error.code, 'unauthorized');
  }
  assert.equal((await simulatorApi(sim, 'GET', '/admin/accounts')).body.length, 0, 'nothing refused was done');
  assert.equal((await simulatorApi(sim, 'GET', '/admin/stats')).status, 200);
  await gateway.stop();
  gateway.removeData();
});

// The simulator shares the gateway's event loop: an exception from a handler used to end the whole process.
test('malformed control API requests get a 400 and the gateway keeps running', async () => {
  const gateway = await startGateway({ extraArgs: ['--demo'] });
  const sim = demoSimulator(gateway);
  assert.equal((await simulatorApi(sim, 'POST', '/admin/accounts', { phone: '4915550123', push_name: 'Demo' })).status, 201);
  const messages = '/admin/accounts/4915550123/messages';
  const malformed = [
    ['POST', messages, { to: '4915550124', reaction: { id: 'ABC', emoji: '+1', from_me: 'yes' } }],
    ['POST', messages, { to: '4915550124', reaction: { id: 'ABC', emoji: '+1', from_me: 1 } }],
    ['POST', messages, { to: '4915550124', reaction: 'ABC' }],
    ['POST', messages, { to: '4915550124', text: 5 }],
    ['POST', messages, { to: '4915550124', revoke: ['ABC'] }],
    ['POST', messages, { to: 4915550124, text: 'hi' }],
    ['POST', messages, { to: '4915550124', media: { type: 'image', data_base64: 'AAAA', mimetype: 'image/jpeg', ptt: 'no' } }],
    ['POST', messages, { to: '4915550124', media: { type: 'image', data_base64: 'AAAA', mimetype: 'image/jpeg', caption: {} } }],
    ['POST', messages, { to: '4915550124', media: 'AAAA' }],
    ['POST', messages, []],
    ['POST', messages, '"text"'],
    ['POST', '/admin/accounts/4915550123/read', { ids: 'ABC' }],
    ['POST', '/admin/accounts/4915550123/read', { ids: [1, 2] }],
    ['POST', '/admin/accounts/4915550123/scan', { qr: 7 }],
    ['POST', '/admin/accounts/4915550123/link-code', { code: null }],
    ['POST', '/admin/accounts/4915550123/devices', { noise_public: 1, identity_public: [] }],
    ['POST', '/admin/accounts', { phone: ['4915550125'] }],
    ['POST', '/admin/accounts', { phone: '4915550125', push_name: { a: 1 } }],
    ['POST', '/admin/faults', { latency_ms: 1.5 }],
    ['POST', '/admin/faults', { drop_fraction_per_second: '0.5' }],
    ['POST', '/admin/faults', { drop_all: 'true' }],
    ['POST', '/admin/faults', { latency_ms: 18446744073709551615 }],
    ['POST', '/admin/faults', [1]],
    ['PUT', '/admin/group-addressing', { addressing: 1 }],
    ['POST', '/admin/accounts', '{"phone":'],
  ];
  for (const [method, path, body] of malformed) {
    const reply = await simulatorApi(sim, method, path, body);
    const what = `${method} ${path} ${JSON.stringify(body)} -> ${JSON.stringify(reply.body)}`;
    assert.equal(reply.status, 400, what);
    assert.equal(typeof reply.body.error.code, 'string', what);
    assert.equal(typeof reply.body.error.message, 'string', what);
  }
  assert.equal((await fetch(`${gateway.url}/api/health`)).status, 200, 'the gateway is still up');
  assert.equal((await simulatorApi(sim, 'GET', '/admin/stats')).status, 200, 'and so is its simulator');
  const { code } = await gateway.stop();
  assert.equal(code, 0);
  gateway.removeData();
});
