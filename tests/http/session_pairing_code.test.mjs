// Link by phone number against the real binary in demo mode: POST .../pairing-code answers an 8-character code
// (also a session.pairing_code event), the demo phone types it and the session connects as that number; a
// bad number is a 400 naming "phone", a linked session refuses a new code (409 already_linked).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';

import { api } from '../support/api.mjs';
import { makeApiKey, startGateway } from '../support/gateway.mjs';

let gateway;

function watchEvents() {
  const events = [];
  const socket = new WebSocket(`ws://127.0.0.1:${gateway.port}/api/events`, { headers: { 'X-Api-Key': gateway.apiKey } });
  socket.on('message', (data) => events.push(JSON.parse(data.toString())));
  return {
    events,
    opened: new Promise((resolve, reject) => { socket.once('open', resolve); socket.once('error', reject); }),
    close: () => socket.close(),
    async next(match, timeoutMs = 20000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = events.find(match);
        if (found) return found;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`no matching event; saw ${JSON.stringify(events.map((e) => [e.type, e.payload?.state]))}`);
    },
  };
}

before(async () => { gateway = await startGateway({ apiKey: makeApiKey(), extraArgs: ['--demo'] }); });
after(async () => { await gateway.stop(); gateway.removeData(); });

test('a session links by pairing code typed on the demo phone', async () => {
  const events = watchEvents();
  await events.opened;
  const { json: session } = await api(gateway, 'POST', '/api/sessions', { body: { name: 'by code' } });

  const bad = await api(gateway, 'POST', `/api/sessions/${session.id}/pairing-code`, { body: { phone: '12ab' } });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.field, 'phone');
  const missing = await api(gateway, 'POST', `/api/sessions/${session.id}/pairing-code`, { body: {} });
  assert.equal(missing.status, 400);
  assert.equal(missing.json.error.field, 'phone');
  const unknown = await api(gateway, 'POST', '/api/sessions/ses_0000000000000000/pairing-code', { body: { phone: '+49 151 5550 7001' } });
  assert.equal(unknown.status, 404);

  const asked = await api(gateway, 'POST', `/api/sessions/${session.id}/pairing-code`, { body: { phone: '+49 (151) 5550-7001' } });
  assert.equal(asked.status, 200, JSON.stringify(asked.json));
  assert.match(asked.json.code, /^[1-9A-HJ-NP-TV-Z]{4}-[1-9A-HJ-NP-TV-Z]{4}$/);
  assert.equal(asked.json.phone, '4915155507001');
  assert.ok(asked.json.expires_at > Date.now());
  const state = await api(gateway, 'GET', `/api/sessions/${session.id}`);
  assert.equal(state.json.state, 'pairing_code');
  const published = await events.next((e) => e.type === 'session.pairing_code' && e.payload.session === session.id);
  assert.equal(published.payload.code, asked.json.code);
  // No QR while waiting for a code.
  assert.equal((await api(gateway, 'GET', `/api/sessions/${session.id}/qr`)).status, 409);

  const entered = await api(gateway, 'POST', `/api/sessions/${session.id}/demo/enter-code`, { body: { code: asked.json.code } });
  assert.equal(entered.status, 200, JSON.stringify(entered.json));
  await events.next((e) => e.type === 'session.state' && e.payload.id === session.id && e.payload.state === 'connected');
  const me = await api(gateway, 'GET', `/api/sessions/${session.id}/me`);
  assert.equal(me.json.phone, '4915155507001');

  const again = await api(gateway, 'POST', `/api/sessions/${session.id}/pairing-code`, { body: { phone: '4915155507001' } });
  assert.equal(again.status, 409);
  assert.equal(again.json.error.code, 'already_linked');
  const late = await api(gateway, 'POST', `/api/sessions/${session.id}/demo/enter-code`, { body: { code: asked.json.code } });
  assert.equal(late.status, 409);
  events.close();
});

test('a session showing a QR code switches to a pairing code, and a wrong code does not link', async () => {
  const { json: session } = await api(gateway, 'POST', '/api/sessions', { body: { name: 'qr then code' } });
  await api(gateway, 'POST', `/api/sessions/${session.id}/start`);
  const deadline = Date.now() + 15000;
  while ((await api(gateway, 'GET', `/api/sessions/${session.id}`)).json.state !== 'scan_qr') {
    assert.ok(Date.now() < deadline, 'no QR');
    await new Promise((r) => setTimeout(r, 100));
  }
  const asked = await api(gateway, 'POST', `/api/sessions/${session.id}/pairing-code`, { body: { phone: '+1 555 000 7002' } });
  assert.equal(asked.status, 200, JSON.stringify(asked.json));
  assert.equal((await api(gateway, 'GET', `/api/sessions/${session.id}`)).json.state, 'pairing_code');
  const code = asked.json.code.replace('-', '');
  const wrong = (code[0] === 'A' ? 'B' : 'A') + code.slice(1);
  const entered = await api(gateway, 'POST', `/api/sessions/${session.id}/demo/enter-code`, { body: { code: wrong } });
  assert.equal(entered.status, 200);
  const until = Date.now() + 15000;
  let now;
  do {
    now = (await api(gateway, 'GET', `/api/sessions/${session.id}`)).json;
    if (now.state === 'failed') break;
    await new Promise((r) => setTimeout(r, 100));
  } while (Date.now() < until);
  assert.equal(now.state, 'failed', JSON.stringify(now));
  assert.equal(now.jid, '');
});
