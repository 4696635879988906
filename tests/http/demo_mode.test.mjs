// `wagw serve --demo`: the WhatsApp simulator runs inside the gateway process, reachable over TLS with the
// certificate it wrote, its control API working, and its root key kept across restarts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { test } from 'node:test';

import { makeDataDir, startGateway } from '../support/gateway.mjs';

function simulatorApi(port, ca, method, path, body) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, ca, servername: 'localhost', checkServerIdentity: () => undefined,
                          headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

test('the demo simulator starts with the gateway and keeps its identity', async () => {
  const dataDir = makeDataDir();
  const first = await startGateway({ dataDir, extraArgs: ['--demo'] });
  const url = first.output().match(/demo: +WhatsApp simulator on wss:\/\/127\.0\.0\.1:(\d+)\/ws\/chat/);
  assert.ok(url, first.output());
  const demoDir = join(dataDir, 'demo-whatsapp');
  const ca = readFileSync(join(demoDir, 'cert.pem'));
  const rootKey = readFileSync(join(demoDir, 'root.pub'), 'utf8').trim();
  assert.match(rootKey, /^[0-9a-f]{64}$/);

  const stats = await simulatorApi(Number(url[1]), ca, 'GET', '/admin/stats');
  assert.equal(stats.status, 200);
  assert.equal(stats.body.accounts, 0);
  const created = await simulatorApi(Number(url[1]), ca, 'POST', '/admin/accounts', { phone: '4915550123', push_name: 'Demo' });
  assert.ok(created.status === 200 || created.status === 201, JSON.stringify(created.body));
  const account = await simulatorApi(Number(url[1]), ca, 'GET', '/admin/accounts/4915550123');
  assert.equal(account.status, 200);
  await first.stop();

  const second = await startGateway({ dataDir, extraArgs: ['--demo'] });
  assert.equal(readFileSync(join(demoDir, 'root.pub'), 'utf8').trim(), rootKey, 'the root key survives a restart');
  const again = second.output().match(/wss:\/\/127\.0\.0\.1:(\d+)\/ws\/chat/);
  const kept = await simulatorApi(Number(again[1]), readFileSync(join(demoDir, 'cert.pem')), 'GET', '/admin/accounts/4915550123');
  assert.equal(kept.status, 200, 'accounts persist in the demo data folder');
  const { code } = await second.stop();
  assert.equal(code, 0);
  second.removeData();
});
