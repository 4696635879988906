// Sessions end to end against the real binary and its embedded simulator (--demo): create, list, start, the QR
// code as JSON, PNG (decoded back to the same text), SVG and module matrix, a virtual phone scanning it, "connected" seen on /api/events, the session coming back
// by itself after a restart, rename/stop/delete, and a table of bad inputs with their statuses and codes.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import WebSocket from 'ws';

import { api, waitForState } from '../support/api.mjs';
import { simulatorApi } from '../support/demo_simulator.mjs';
import { makeApiKey, makeDataDir, startGateway } from '../support/gateway.mjs';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

// Every event of /api/events from now on, and a way to wait for one.
async function watchEvents(gateway) {
  const events = [];
  const waiters = [];
  const socket = new WebSocket(`ws://127.0.0.1:${gateway.port}/api/events`,
                               { headers: { 'X-Api-Key': gateway.apiKey } });
  socket.on('message', (data) => {
    const event = JSON.parse(data.toString());
    events.push(event);
    for (const waiter of [...waiters]) {
      if (waiter.match(event)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    }
  });
  await new Promise((resolve, reject) => { socket.once('open', resolve); socket.once('error', reject); });
  return {
    events,
    close: () => socket.close(),
    next(match, timeoutMs = 20000) {
      const seen = events.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching event within ${timeoutMs} ms; saw ` +
                                                        JSON.stringify(events.map((e) => [e.type, e.payload.state])))),
                                 timeoutMs);
        waiters.push({ match, resolve: (e) => { clearTimeout(timer); resolve(e); } });
      });
    },
  };
}

describe('sessions with the demo simulator', () => {
  const dataDir = makeDataDir();
  const apiKey = makeApiKey();
  let gateway;
  let linked;  // the session linked by the first test, used by the restart test

  before(async () => {
    gateway = await startGateway({ dataDir, apiKey, extraArgs: ['--demo'] });
  });
  after(async () => {
    await gateway?.stop();
    gateway?.removeData();
  });

  test('create, start, QR as JSON and PNG, demo scan, connected on the events socket', async () => {
    const events = await watchEvents(gateway);
    try {
      const created = await api(gateway, 'POST', '/api/sessions', { body: { name: 'shop' } });
      assert.equal(created.status, 201, JSON.stringify(created.json));
      assert.match(created.json.id, /^ses_[0-9a-f]{16}$/);
      assert.equal(created.json.name, 'shop');
      assert.equal(created.json.state, 'stopped');
      assert.equal(created.json.desired_running, false);
      const id = created.json.id;

      const list = await api(gateway, 'GET', '/api/sessions');
      assert.equal(list.status, 200);
      assert.deepEqual(list.json.sessions.map((s) => s.id), [id]);
      const notLinked = await api(gateway, 'GET', `/api/sessions/${id}/me`);
      assert.equal(notLinked.status, 409);
      assert.equal(notLinked.json.error.code, 'not_linked');

      const started = await api(gateway, 'POST', `/api/sessions/${id}/start`);
      assert.equal(started.status, 200, JSON.stringify(started.json));
      assert.equal(started.json.desired_running, true);
      assert.ok(['starting', 'scan_qr'].includes(started.json.state), started.json.state);

      const qrEvent = await events.next((e) => e.type === 'session.qr' && e.payload.session === id);
      const qr = await api(gateway, 'GET', `/api/sessions/${id}/qr`);
      assert.equal(qr.status, 200, JSON.stringify(qr.json));
      assert.equal(typeof qr.json.qr, 'string');
      assert.ok(qr.json.qr.length > 20);
      assert.ok(qr.json.expires_at > Date.now(), 'the QR code is still valid');
      assert.equal(qr.json.qr, qrEvent.payload.qr);

      const png = await api(gateway, 'GET', `/api/sessions/${id}/qr?format=png`);
      assert.equal(png.status, 200);
      assert.equal(png.type, 'image/png');
      assert.deepEqual(png.bytes.subarray(0, 8), PNG_SIGNATURE);
      assert.equal(png.bytes.subarray(12, 16).toString('latin1'), 'IHDR');
      const width = png.bytes.readUInt32BE(16);
      const height = png.bytes.readUInt32BE(20);
      assert.equal(width, height, 'a QR code is square');
      assert.ok(width >= 200 && width <= 2000, `width ${width}`);
      const image = PNG.sync.read(png.bytes);
      const decoded = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
      assert.equal(decoded?.data, qr.json.qr, 'the PNG scans as the same text');

      const svg = await api(gateway, 'GET', `/api/sessions/${id}/qr?format=svg`);
      assert.equal(svg.status, 200);
      assert.equal(svg.type, 'image/svg+xml');
      assert.match(svg.bytes.toString(), /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 (\d+) \1"/);

      const matrix = await api(gateway, 'GET', `/api/sessions/${id}/qr?format=matrix`);
      assert.equal(matrix.status, 200);
      assert.equal(matrix.json.qr, qr.json.qr);
      assert.equal(matrix.json.rows.length, matrix.json.size);
      assert.ok(matrix.json.rows.every((row) => /^[01]+$/.test(row) && row.length === matrix.json.size));
      // The PNG is the matrix with a 4-module quiet zone, scaled.
      assert.equal(width % (matrix.json.size + 8), 0, 'whole pixels per module');

      const scanned = await api(gateway, 'POST', `/api/sessions/${id}/demo/scan`);
      assert.equal(scanned.status, 200, JSON.stringify(scanned.json));
      assert.equal(scanned.json.scanned, true);

      const connected = await events.next((e) => e.type === 'session.state' && e.payload.id === id &&
                                                 e.payload.state === 'connected');
      assert.match(connected.payload.jid, /@s\.whatsapp\.net$/);
      assert.equal(connected.session, id, 'the envelope names the session');
      assert.ok(Number.isInteger(connected.id) && connected.id > qrEvent.id, 'stored events have increasing ids');
      assert.equal(connected.payload.phone, scanned.json.phone);

      const session = await api(gateway, 'GET', `/api/sessions/${id}`);
      assert.equal(session.json.state, 'connected');
      const me = await api(gateway, 'GET', `/api/sessions/${id}/me`);
      assert.equal(me.status, 200, JSON.stringify(me.json));
      assert.equal(me.json.jid, connected.payload.jid);
      assert.equal(me.json.phone, scanned.json.phone);
      assert.equal(typeof me.json.push_name, 'string');
      const noQr = await api(gateway, 'GET', `/api/sessions/${id}/qr`);
      assert.equal(noQr.status, 409);
      assert.equal(noQr.json.error.code, 'not_waiting_for_scan');

      const history = await api(gateway, 'GET', `/api/sessions/${id}/history`);
      assert.equal(history.status, 200);
      const states = history.json.history.map((h) => h.state);
      for (const state of ['starting', 'scan_qr', 'connected']) assert.ok(states.includes(state), states.join());
      for (const entry of history.json.history) {
        assert.ok(entry.at_ms > 0);
        assert.equal(typeof entry.reason, 'string');
      }
      assert.ok(existsSync(join(dataDir, 'sessions', id, 'client.db')), 'the account has its own database');
      linked = session.json;
    } finally {
      events.close();
    }
  });

  test('a connected session comes back by itself after a restart', async () => {
    assert.ok(linked, 'needs the session linked by the previous test');
    await gateway.stop();
    gateway = await startGateway({ dataDir, apiKey, extraArgs: ['--demo'] });
    const session = await waitForState(gateway, linked.id, 'connected');
    assert.equal(session.jid, linked.jid, 'the same device logged in again, no new scan');
    const history = await api(gateway, 'GET', `/api/sessions/${linked.id}/history`);
    assert.ok(history.json.history.some((h) => h.reason === 'resumed at boot'), JSON.stringify(history.json));
  });

  test('a dropped connection shows as reconnecting, then connected again by itself', async () => {
    assert.ok(linked, 'needs the session linked by the first test');
    const events = await watchEvents(gateway);
    try {
      const dropped = await simulatorApi(gateway, 'POST', '/admin/faults', { drop_all: true });
      assert.equal(dropped.status, 200, JSON.stringify(dropped.body));
      const down = await events.next((e) => e.type === 'session.state' && e.payload.id === linked.id &&
                                            e.payload.state === 'reconnecting');
      assert.match(down.payload.state_reason, /retrying in \d+ ms/);
      const back = await events.next((e) => e.type === 'session.state' && e.payload.id === linked.id &&
                                            e.payload.state === 'connected' && e.time >= down.time);
      assert.equal(back.payload.jid, linked.jid);
    } finally {
      events.close();
    }
  });

  test('logout unlinks the device; a new start asks for a new scan', async () => {
    const events = await watchEvents(gateway);
    try {
      const created = await api(gateway, 'POST', '/api/sessions', { body: { name: 'leaving' } });
      const id = created.json.id;
      await api(gateway, 'POST', `/api/sessions/${id}/start`);
      await events.next((e) => e.type === 'session.qr' && e.payload.session === id);
      const scanned = await api(gateway, 'POST', `/api/sessions/${id}/demo/scan`);
      assert.equal(scanned.status, 200, JSON.stringify(scanned.json));
      await events.next((e) => e.type === 'session.state' && e.payload.id === id && e.payload.state === 'connected');

      const logout = await api(gateway, 'POST', `/api/sessions/${id}/logout`);
      assert.equal(logout.status, 200, JSON.stringify(logout.json));
      const out = await events.next((e) => e.type === 'session.state' && e.payload.id === id &&
                                           e.payload.state === 'logged_out');
      assert.equal(out.payload.jid, '');
      assert.equal(out.payload.desired_running, false, 'a logged-out session does not come back at boot');

      const again = await api(gateway, 'POST', `/api/sessions/${id}/start`);
      assert.equal(again.status, 200);
      assert.equal(again.json.state, 'starting', 'the credentials are gone: it registers anew');
      const secondQr = await events.next((e) => e.type === 'session.qr' && e.payload.session === id &&
                                                e.time > out.time);
      assert.ok(secondQr.payload.qr.length > 20);
      assert.equal((await api(gateway, 'POST', `/api/sessions/${id}/stop`)).status, 200);
      assert.equal((await api(gateway, 'DELETE', `/api/sessions/${id}`)).status, 200);
    } finally {
      events.close();
    }
  });

  test('stop, rename and delete', async () => {
    assert.ok(linked, 'needs the session linked by the first test');
    const stopped = await api(gateway, 'POST', `/api/sessions/${linked.id}/stop`);
    assert.equal(stopped.status, 200);
    assert.equal(stopped.json.state, 'stopped');
    assert.equal(stopped.json.desired_running, false);

    const renamed = await api(gateway, 'PATCH', `/api/sessions/${linked.id}`, { body: { name: 'front desk' } });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.json));
    assert.equal(renamed.json.name, 'front desk');

    const removed = await api(gateway, 'DELETE', `/api/sessions/${linked.id}`);
    assert.equal(removed.status, 200);
    assert.equal((await api(gateway, 'GET', `/api/sessions/${linked.id}`)).status, 404);
    assert.ok(!existsSync(join(dataDir, 'sessions', linked.id)), 'its data folder is gone');
  });

  test('bad input gets the right status, code and field', async () => {
    const taken = await api(gateway, 'POST', '/api/sessions', { body: { name: 'taken' } });
    assert.equal(taken.status, 201);
    const idle = taken.json.id;
    const cases = [
      ['malformed JSON', 'POST', '/api/sessions', { raw: '{"name":' }, 400, 'invalid_json'],
      ['not an object', 'POST', '/api/sessions', { raw: '["shop"]' }, 400, 'invalid_json'],
      ['empty body', 'POST', '/api/sessions', { raw: '' }, 400, 'invalid_json'],
      ['missing name', 'POST', '/api/sessions', { body: {} }, 400, 'missing_field', 'name'],
      ['name of the wrong type', 'POST', '/api/sessions', { body: { name: 42 } }, 400, 'invalid_field', 'name'],
      ['empty name', 'POST', '/api/sessions', { body: { name: '' } }, 400, 'invalid_field', 'name'],
      ['name too long', 'POST', '/api/sessions', { body: { name: 'x'.repeat(65) } }, 400, 'invalid_field', 'name'],
      ['control character in name', 'POST', '/api/sessions', { body: { name: 'a\nb' } }, 400, 'invalid_field',
       'name'],
      ['duplicate name', 'POST', '/api/sessions', { body: { name: 'taken' } }, 409, 'name_taken', 'name'],
      ['unknown id', 'GET', '/api/sessions/ses_0000000000000000', {}, 404, 'not_found', 'id'],
      ['rename unknown id', 'PATCH', '/api/sessions/ses_0000000000000000', { body: { name: 'x' } }, 404,
       'not_found', 'id'],
      ['rename to a wrong type', 'PATCH', `/api/sessions/${idle}`, { body: { name: true } }, 400, 'invalid_field',
       'name'],
      ['delete unknown id', 'DELETE', '/api/sessions/ses_0000000000000000', {}, 404, 'not_found', 'id'],
      ['start unknown id', 'POST', '/api/sessions/ses_0000000000000000/start', {}, 404, 'not_found', 'id'],
      ['stop unknown id', 'POST', '/api/sessions/ses_0000000000000000/stop', {}, 404, 'not_found', 'id'],
      ['history of unknown id', 'GET', '/api/sessions/ses_0000000000000000/history', {}, 404, 'not_found', 'id'],
      ['QR of unknown id', 'GET', '/api/sessions/ses_0000000000000000/qr', {}, 404, 'not_found', 'id'],
      ['QR when not scanning', 'GET', `/api/sessions/${idle}/qr`, {}, 409, 'not_waiting_for_scan'],
      ['QR as PNG when not scanning', 'GET', `/api/sessions/${idle}/qr?format=png`, {}, 409,
       'not_waiting_for_scan'],
      ['QR in an unknown format', 'GET', `/api/sessions/${idle}/qr?format=gif`, {}, 400, 'invalid_field',
       'format'],
      ['demo scan when not scanning', 'POST', `/api/sessions/${idle}/demo/scan`, {}, 409, 'not_waiting_for_scan'],
      ['logout of a stopped session', 'POST', `/api/sessions/${idle}/logout`, {}, 409, 'not_running'],
      ['no API key', 'GET', '/api/sessions', { key: null }, 401, 'unauthorized'],
      ['wrong API key', 'GET', '/api/sessions', { key: makeApiKey() }, 401, 'unauthorized'],
      ['no API key on create', 'POST', '/api/sessions', { key: null, body: { name: 'sneaky' } }, 401,
       'unauthorized'],
      ['method not allowed', 'PUT', '/api/sessions', { body: { name: 'x' } }, 405, 'method_not_allowed'],
    ];
    for (const [what, method, path, options, status, code, field] of cases) {
      const reply = await api(gateway, method, path, options);
      assert.equal(reply.status, status, `${what}: ${JSON.stringify(reply.json)}`);
      assert.equal(reply.json.error.code, code, what);
      assert.equal(typeof reply.json.error.message, 'string', what);
      if (field) assert.equal(reply.json.error.field, field, what);
    }
    // Nothing was stored by the refused creates.
    const list = await api(gateway, 'GET', '/api/sessions');
    assert.deepEqual(list.json.sessions.map((s) => s.name), ['taken']);
  });
});

test('demo scans exist only in demo mode', async () => {
  const apiKey = makeApiKey();
  const gateway = await startGateway({ apiKey });
  try {
    const created = await api(gateway, 'POST', '/api/sessions', { body: { name: 'real' } });
    assert.equal(created.status, 201);
    const scan = await api(gateway, 'POST', `/api/sessions/${created.json.id}/demo/scan`);
    assert.equal(scan.status, 404);
    assert.equal(scan.json.error.code, 'not_found');
  } finally {
    await gateway.stop();
    gateway.removeData();
  }
});
