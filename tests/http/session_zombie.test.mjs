// A zombie connection, against the real binary in demo mode: the simulator keeps a linked session's socket open
// but stops answering (POST /admin/accounts/{phone}/black-hole). With short keepalives (--keepalive-ms 500
// --max-missed-pings 2 --iq-timeout-ms 1000) the session must leave "connected" within seconds, show
// "reconnecting" with a reason naming the unanswered keepalive pings, and come back "connected" on a new
// connection; the history keeps both, with their reasons.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';

import { api } from '../support/api.mjs';
import { simulatorApi } from '../support/demo_simulator.mjs';
import { makeApiKey, startGateway } from '../support/gateway.mjs';

let gateway;

function watchEvents() {
  const events = [];
  const socket = new WebSocket(`ws://127.0.0.1:${gateway.port}/api/events`, { headers: { 'X-Api-Key': gateway.apiKey } });
  socket.on('message', (data) => events.push({ ...JSON.parse(data.toString()), seen_at: Date.now() }));
  return {
    events,
    opened: new Promise((resolve, reject) => { socket.once('open', resolve); socket.once('error', reject); }),
    close: () => socket.close(),
    async next(match, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = events.find(match);
        if (found) return found;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`no matching event in ${timeoutMs} ms; saw ${JSON.stringify(events.map((e) => [e.type, e.payload?.state, e.payload?.state_reason]))}`);
    },
  };
}

before(async () => {
  gateway = await startGateway({ apiKey: makeApiKey(),
                                 extraArgs: ['--demo', '--keepalive-ms', '500', '--max-missed-pings', '2', '--iq-timeout-ms', '1000'] });
});
after(async () => { await gateway.stop(); gateway.removeData(); });

test('a silently dead connection leaves "connected", shows "reconnecting" naming the keepalives, and comes back', async () => {
  const events = watchEvents();
  await events.opened;
  const { json: session } = await api(gateway, 'POST', '/api/sessions', { body: { name: 'zombie' } });
  await api(gateway, 'POST', `/api/sessions/${session.id}/start`);
  const isState = (state) => (e) => e.type === 'session.state' && e.payload.id === session.id && e.payload.state === state;
  await events.next(isState('scan_qr'), 15000);
  const scanned = await api(gateway, 'POST', `/api/sessions/${session.id}/demo/scan`);
  assert.equal(scanned.status, 200, JSON.stringify(scanned.json));
  await events.next(isState('connected'), 20000);
  // Right after pairing the server asks for one restart (515); let that settle, then the link is healthy:
  // several keepalive rounds pass without a reconnect.
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal((await api(gateway, 'GET', `/api/sessions/${session.id}`)).json.state, 'connected');
  const healthyFrom = events.events.length;
  await new Promise((r) => setTimeout(r, 3000));
  const healthy = events.events.slice(healthyFrom).filter((e) => e.type === 'session.state' && e.payload.id === session.id);
  assert.deepEqual(healthy.map((e) => [e.payload.state, e.payload.state_reason]), [], 'no change over a healthy link');

  const silenced = await simulatorApi(gateway, 'POST', `/admin/accounts/${scanned.json.phone}/black-hole`);
  assert.equal(silenced.status, 200, JSON.stringify(silenced.body));
  assert.ok(silenced.body.connections >= 1, JSON.stringify(silenced.body));
  const silencedAt = Date.now();

  const afterSilence = (match) => (e) => match(e) && e.seen_at >= silencedAt;
  const down = await events.next(afterSilence(isState('reconnecting')), 10000);
  assert.match(down.payload.state_reason, /keepalive/);
  assert.match(down.payload.state_reason, /no answer to 2 keepalive pings/);
  // 2 x (500 ms interval + 1000 ms wait) plus slack for a slow machine.
  assert.ok(down.seen_at - silencedAt < 8000, `detected after ${down.seen_at - silencedAt} ms`);
  const back = await events.next(afterSilence(isState('connected')), 20000);
  assert.ok(back.seen_at >= down.seen_at);
  assert.equal((await api(gateway, 'GET', `/api/sessions/${session.id}`)).json.state, 'connected');

  const { json: { history } } = await api(gateway, 'GET', `/api/sessions/${session.id}/history`);
  const states = history.map((h) => h.state);
  const zombie = states.lastIndexOf('reconnecting');
  assert.ok(zombie > 0, JSON.stringify(history));
  assert.match(history[zombie].reason, /keepalive/);
  assert.equal(states[zombie - 1], 'connected', JSON.stringify(states));
  assert.ok(states.slice(zombie + 1).includes('connected'), JSON.stringify(states));
  assert.ok(history[states.length - 1].state === 'connected' && history[states.length - 1].reason, JSON.stringify(history));
  events.close();
});
