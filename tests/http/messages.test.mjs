// Messages end to end against the real binary and its embedded simulator (--demo): a linked session sends
// every kind to a virtual phone, which shows each once and as that kind; statuses move queued -> sent ->
// delivered -> read (the phone reads); Idempotency-Key retries give one message; edit and revoke reach the
// phone; a reply from the phone is stored and announced; and a table of bad inputs, each answered with its
// status, code and field, and nothing stored.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';

import { api } from '../support/api.mjs';
import { simulatorApi } from '../support/demo_simulator.mjs';
import { makeApiKey, makeDataDir, startGateway } from '../support/gateway.mjs';

const FRIEND = '4915550990';  // a virtual phone on the simulator: the recipient

async function eventually(what, check, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await check();
    if (last.done) return last.value;
    if (Date.now() > deadline) throw new Error(`${what}: gave up after ${timeoutMs} ms; last: ${JSON.stringify(last.value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function watchEvents(gateway) {
  const events = [];
  const socket = new WebSocket(`ws://127.0.0.1:${gateway.port}/api/events`,
                               { headers: { 'X-Api-Key': gateway.apiKey } });
  socket.on('message', (data) => events.push(JSON.parse(data.toString())));
  await new Promise((resolve, reject) => { socket.once('open', resolve); socket.once('error', reject); });
  return { events, close: () => socket.close() };
}

const inbox = async (gateway) => (await simulatorApi(gateway, 'GET', `/admin/accounts/${FRIEND}/messages`)).body;
const stats = async (gateway) => (await simulatorApi(gateway, 'GET', '/admin/stats')).body;

async function waitForStatus(gateway, session, id, statuses, timeoutMs = 20000) {
  return eventually(`message ${id} to reach ${statuses}`, async () => {
    const got = await api(gateway, 'GET', `/api/sessions/${session}/messages/${id}`);
    return { done: statuses.includes(got.json.status), value: got.json };
  }, timeoutMs);
}

describe('messages with the demo simulator', () => {
  const apiKey = makeApiKey();
  let gateway;
  let session;
  let events;

  before(async () => {
    gateway = await startGateway({ dataDir: makeDataDir(), apiKey, extraArgs: ['--demo', '--media-allow-address', '127.0.0.1'] });
    events = await watchEvents(gateway);
    const created = await api(gateway, 'POST', '/api/sessions', { body: { name: 'shop' } });
    session = created.json.id;
    await api(gateway, 'POST', `/api/sessions/${session}/start`);
    await eventually('a QR code', async () => {
      const qr = await api(gateway, 'GET', `/api/sessions/${session}/qr`);
      return { done: qr.status === 200, value: qr.json };
    });
    const scanned = await api(gateway, 'POST', `/api/sessions/${session}/demo/scan`);
    assert.equal(scanned.status, 200, JSON.stringify(scanned.json));
    await eventually('connected', async () => {
      const s = await api(gateway, 'GET', `/api/sessions/${session}`);
      return { done: s.json.state === 'connected', value: s.json };
    });
    const friend = await simulatorApi(gateway, 'POST', '/admin/accounts', { phone: FRIEND, push_name: 'Friend' });
    assert.equal(friend.status, 201, JSON.stringify(friend.body));
  });
  after(async () => {
    events?.close();
    await gateway?.stop();
    gateway?.removeData();
  });

  test('a text is stored before the 202, reaches the phone once, and moves to delivered and read', async () => {
    // Linking made the phone and our device talk (history-sync notice, app-state keys): none of that is a
    // message anybody wrote, so nothing has arrived yet.
    const before = await api(gateway, 'GET', `/api/sessions/${session}/messages?direction=in`);
    assert.deepEqual(before.json.messages.map((m) => m.type), []);
    const sent = await api(gateway, 'POST', `/api/sessions/${session}/messages`,
                           { body: { to: '+49 155 50990', type: 'text', text: 'hello friend' } });
    assert.equal(sent.status, 202, JSON.stringify(sent.json));
    assert.equal(sent.json.status, 'queued');
    assert.match(sent.json.id, /^3EB0[0-9A-F]{16,20}$/);
    const { id } = sent.json;
    const delivered = await waitForStatus(gateway, session, id, ['delivered', 'read']);
    assert.equal(delivered.chat, `${FRIEND}@s.whatsapp.net`);
    assert.equal(delivered.direction, 'out');
    assert.equal(delivered.text, 'hello friend');
    const atPhone = (await inbox(gateway)).filter((m) => m.id === id);
    assert.equal(atPhone.length, 1);
    assert.equal(atPhone[0].kind, 'text');
    assert.equal(atPhone[0].text, 'hello friend');

    const read = await simulatorApi(gateway, 'POST', `/admin/accounts/${FRIEND}/read`, { ids: [id] });
    assert.equal(read.status, 200, JSON.stringify(read.body));
    const done = await waitForStatus(gateway, session, id, ['read']);
    assert.deepEqual(done.timeline.map((t) => t.status), ['queued', 'sent', 'delivered', 'read']);
    for (let i = 1; i < done.timeline.length; ++i) assert.ok(done.timeline[i].at_ms >= done.timeline[i - 1].at_ms);
    assert.ok(events.events.some((e) => e.type === 'message.sent' && e.payload.id === id && e.session === session));
    assert.ok(events.events.some((e) => e.type === 'message.status' && e.payload.id === id && e.payload.status === 'read'));
  });

  test('a file sent by media_id (uploaded first) or by media_url arrives with the same bytes', async () => {
    const photo = randomBytes(5000);
    const sha = createHash('sha256').update(photo).digest('hex');
    const upload = await fetch(`${gateway.url}/api/sessions/${session}/media?filename=shop.png`, {
      method: 'POST', headers: { 'X-Api-Key': gateway.apiKey, 'content-type': 'image/png' }, body: photo,
    });
    assert.equal(upload.status, 201);
    const { media_id: mediaId } = await upload.json();

    const server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(photo);
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const mediaUrl = `http://127.0.0.1:${server.address().port}/photo.png`;
    try {
      const byId = await api(gateway, 'POST', `/api/sessions/${session}/messages`,
                             { body: { to: FRIEND, type: 'image', media_id: mediaId, caption: 'by id' } });
      assert.equal(byId.status, 202, JSON.stringify(byId.json));
      const key = `url-${randomBytes(6).toString('hex')}`;
      const request = { to: FRIEND, type: 'document', media_url: mediaUrl, file_name: 'photo.png' };
      const byUrl = await api(gateway, 'POST', `/api/sessions/${session}/messages`,
                              { body: request, headers: { 'Idempotency-Key': key } });
      assert.equal(byUrl.status, 202, JSON.stringify(byUrl.json));
      // A retry with the same key and body is the same message, although the file was fetched again.
      const retry = await api(gateway, 'POST', `/api/sessions/${session}/messages`,
                              { body: request, headers: { 'Idempotency-Key': key } });
      assert.equal(retry.json.id, byUrl.json.id);

      await eventually('both files at the phone', async () => {
        const all = await inbox(gateway);
        return { done: [byId, byUrl].every((m) => all.some((x) => x.id === m.json.id)), value: all.length };
      }, 30000);
      const all = await inbox(gateway);
      for (const [sent, kind] of [[byId, 'image'], [byUrl, 'document']]) {
        const copies = all.filter((m) => m.id === sent.json.id);
        assert.equal(copies.length, 1, `${kind} once`);
        assert.equal(copies[0].kind, kind);
        assert.equal(copies[0].media_sha256, sha, `${kind}: the same bytes`);
      }
      const stored = await api(gateway, 'GET', `/api/sessions/${session}/messages/${byId.json.id}`);
      assert.equal(stored.json.content.media_id, mediaId);
    } finally {
      server.close();
    }

    const path = `/api/sessions/${session}/messages`;
    const refused = [
      [{ media_id: 'med_00000000000000000000000000' }, 'unknown_media', 'media_id'],
      [{ media_id: '../../etc/passwd' }, 'invalid_field', 'media_id'],
      [{ media_id: mediaId, media_base64: photo.toString('base64') }, 'invalid_field', 'media_id'],
      [{ media_url: 'http://10.1.2.3/photo.png' }, 'address_refused', 'media_url'],
      [{ media_url: 'ftp://127.0.0.1/photo.png' }, 'invalid_url', 'media_url'],
    ];
    for (const [file, code, field] of refused) {
      const reply = await api(gateway, 'POST', path, { body: { to: FRIEND, type: 'image', ...file } });
      assert.equal(reply.status, 400, JSON.stringify([file, reply.json]));
      assert.equal(reply.json.error.code, code, JSON.stringify(reply.json));
      assert.equal(reply.json.error.field, field);
    }
  });

  test('every kind reaches the phone as that kind, media with the same bytes', async () => {
    const png = randomBytes(3000);
    const first = await api(gateway, 'POST', `/api/sessions/${session}/messages`,
                            { body: { to: FRIEND, type: 'text', text: 'kinds start' } });
    await waitForStatus(gateway, session, first.json.id, ['sent', 'delivered', 'read']);
    const kinds = [
      [{ type: 'text', text: 'a reply @4915550990', reply_to: first.json.id, mentions: [FRIEND] }, 'text'],
      [{ type: 'image', media_base64: png.toString('base64'), mimetype: 'image/png', caption: 'a picture' }, 'image'],
      [{ type: 'video', media_base64: png.toString('base64'), caption: 'a film' }, 'video'],
      [{ type: 'audio', media_base64: png.toString('base64') }, 'audio'],
      [{ type: 'voice', media_base64: png.toString('base64') }, 'voice_note'],
      [{ type: 'document', media_base64: png.toString('base64'), mimetype: 'application/pdf', file_name: 'a.pdf' },
       'document'],
      [{ type: 'sticker', media_base64: png.toString('base64') }, 'sticker'],
      [{ type: 'location', latitude: 52.52, longitude: 13.405, name: 'Berlin' }, 'location'],
      [{ type: 'contact', name: 'Ann', phone: '+49 151 5550 003' }, 'contact'],
      [{ type: 'poll', question: 'Lunch?', options: ['pizza', 'salad'] }, 'poll'],
      [{ type: 'reaction', message_id: first.json.id, emoji: '👍' }, 'reaction'],
    ];
    const ids = [];
    for (const [body, kind] of kinds) {
      const sent = await api(gateway, 'POST', `/api/sessions/${session}/messages`, { body: { to: FRIEND, ...body } });
      assert.equal(sent.status, 202, `${body.type}: ${JSON.stringify(sent.json)}`);
      ids.push([sent.json.id, kind, body]);
    }
    const sha = createHash('sha256').update(png).digest('hex');
    const received = await eventually('every kind at the phone', async () => {
      const all = await inbox(gateway);
      return { done: ids.every(([id]) => all.some((m) => m.id === id)), value: all.map((m) => [m.id, m.kind]) };
    }, 30000);
    void received;
    const all = await inbox(gateway);
    for (const [id, kind, body] of ids) {
      const copies = all.filter((m) => m.id === id);
      assert.equal(copies.length, 1, `${kind} once`);
      assert.equal(copies[0].decrypted, true, `${kind} decrypted`);
      assert.equal(copies[0].kind, kind, `${body.type} shows as ${kind}`);
      if (body.media_base64) assert.equal(copies[0].media_sha256, sha, `${kind}: same bytes`);
      if (body.type === 'reaction') assert.equal(copies[0].target_id, first.json.id);
      const stored = await api(gateway, 'GET', `/api/sessions/${session}/messages/${id}`);
      assert.ok(['sent', 'delivered', 'read'].includes(stored.json.status), `${kind}: ${JSON.stringify(stored.json)}`);
      assert.equal(stored.json.content.media_base64, undefined, 'the file is not echoed back');
    }
    // Listing: newest first, both directions, cursor paging.
    const page = await api(gateway, 'GET', `/api/sessions/${session}/messages?direction=out&limit=5`);
    assert.equal(page.status, 200);
    assert.equal(page.json.messages.length, 5);
    assert.equal(page.json.messages[0].id, ids.at(-1)[0]);
    const next = await api(gateway, 'GET', `/api/sessions/${session}/messages?direction=out&limit=5&before=${page.json.next_before}`);
    assert.equal(next.json.messages[0].id, ids.at(-6)[0]);
  });

  test('the same Idempotency-Key gives the same answer and one message; another body with it is a 409', async () => {
    const key = `order-${randomBytes(6).toString('hex')}`;
    const body = { to: FRIEND, type: 'text', text: 'your order shipped' };
    const answers = await Promise.all([1, 2, 3].map(() => api(gateway, 'POST', `/api/sessions/${session}/messages`,
                                                             { body, headers: { 'Idempotency-Key': key } })));
    for (const answer of answers) assert.equal(answer.status, 202, JSON.stringify(answer.json));
    assert.equal(new Set(answers.map((a) => a.json.id)).size, 1, 'one id for every retry');
    const { id } = answers[0].json;
    await waitForStatus(gateway, session, id, ['delivered', 'read']);
    const again = await api(gateway, 'POST', `/api/sessions/${session}/messages`,
                            { body, headers: { 'Idempotency-Key': key } });
    assert.deepEqual(again.json, { id, status: 'queued' });
    const conflict = await api(gateway, 'POST', `/api/sessions/${session}/messages`,
                               { body: { ...body, text: 'something else' }, headers: { 'Idempotency-Key': key } });
    assert.equal(conflict.status, 409);
    assert.equal(conflict.json.error.code, 'idempotency_conflict');
    assert.equal(conflict.json.error.field, 'Idempotency-Key');
    const list = await api(gateway, 'GET', `/api/sessions/${session}/messages?limit=200`);
    assert.equal(list.json.messages.filter((m) => m.text === 'your order shipped').length, 1);
    assert.equal((await inbox(gateway)).filter((m) => m.text === 'your order shipped').length, 1);
  });

  test('edit and revoke of a sent message reach the phone; a message of someone else cannot be edited', async () => {
    const sent = await api(gateway, 'POST', `/api/sessions/${session}/messages`,
                           { body: { to: FRIEND, type: 'text', text: 'typo hre' } });
    await waitForStatus(gateway, session, sent.json.id, ['sent', 'delivered', 'read']);
    const edit = await api(gateway, 'PATCH', `/api/sessions/${session}/messages/${sent.json.id}`,
                           { body: { text: 'typo here' } });
    assert.equal(edit.status, 202, JSON.stringify(edit.json));
    assert.equal(edit.json.edits, sent.json.id);
    const revoke = await api(gateway, 'DELETE', `/api/sessions/${session}/messages/${sent.json.id}`);
    assert.equal(revoke.status, 202, JSON.stringify(revoke.json));
    await eventually('edit and revoke at the phone', async () => {
      const all = await inbox(gateway);
      const e = all.find((m) => m.id === edit.json.id);
      const r = all.find((m) => m.id === revoke.json.id);
      return { done: Boolean(e && r), value: [e, r] };
    });
    const all = await inbox(gateway);
    const e = all.find((m) => m.id === edit.json.id);
    assert.equal(e.kind, 'edit');
    assert.equal(e.text, 'typo here');
    assert.equal(e.target_id, sent.json.id);
    assert.equal(all.find((m) => m.id === revoke.json.id).target_id, sent.json.id);

    // The phone writes to us: stored as incoming, announced, and not ours to edit.
    const reply = await simulatorApi(gateway, 'POST', `/admin/accounts/${FRIEND}/messages`,
                                     { to: (await api(gateway, 'GET', `/api/sessions/${session}/me`)).json.phone,
                                       text: 'thanks!' });
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
    const incoming = await eventually('the reply stored', async () => {
      const got = await api(gateway, 'GET', `/api/sessions/${session}/messages/${reply.body.id}`);
      return { done: got.status === 200, value: got.json };
    });
    assert.equal(incoming.direction, 'in');
    assert.equal(incoming.status, 'received');
    assert.equal(incoming.text, 'thanks!');
    assert.equal(incoming.chat, `${FRIEND}@s.whatsapp.net`);
    assert.equal(incoming.push_name, 'Friend');
    assert.ok(events.events.some((e) => e.type === 'message.received' && e.payload.id === reply.body.id &&
                                        e.session === session && e.payload.text === 'thanks!'));
    const inOnly = await api(gateway, 'GET', `/api/sessions/${session}/messages?direction=in&chat=${FRIEND}`);
    assert.deepEqual(inOnly.json.messages.map((m) => m.id), [reply.body.id]);
    const foreign = await api(gateway, 'PATCH', `/api/sessions/${session}/messages/${reply.body.id}`,
                              { body: { text: 'not mine' } });
    assert.equal(foreign.status, 409);
    assert.equal(foreign.json.error.code, 'not_own_message');
    assert.equal(foreign.json.error.field, 'mid');
  });

  test('a number without WhatsApp fails with a reason instead of waiting forever', async () => {
    const sent = await api(gateway, 'POST', `/api/sessions/${session}/messages`,
                           { body: { to: '4915550000777', type: 'text', text: 'anyone?' } });
    assert.equal(sent.status, 202);
    const failed = await waitForStatus(gateway, session, sent.json.id, ['failed']);
    assert.ok(failed.status_reason.length > 0);
    assert.deepEqual(failed.timeline.map((t) => t.status), ['queued', 'failed']);
    // The outbox moves on: the next message goes out.
    const next = await api(gateway, 'POST', `/api/sessions/${session}/messages`,
                           { body: { to: FRIEND, type: 'text', text: 'after a failure' } });
    await waitForStatus(gateway, session, next.json.id, ['sent', 'delivered', 'read']);
  });

  test('bad input: the right status, code and field, and nothing stored', async () => {
    const path = `/api/sessions/${session}/messages`;
    const before = (await api(gateway, 'GET', `${path}?limit=200`)).json.messages.length;
    const inboxBefore = (await inbox(gateway)).length;
    const cases = [
      ['malformed JSON', 'POST', path, { raw: '{"to":' }, 400, 'invalid_json', undefined],
      ['not an object', 'POST', path, { raw: '[1,2]' }, 400, 'invalid_json', undefined],
      ['missing to', 'POST', path, { body: { type: 'text', text: 'x' } }, 400, 'missing_field', 'to'],
      ['to of the wrong type', 'POST', path, { body: { to: 4915550990, type: 'text', text: 'x' } }, 400,
       'invalid_field', 'to'],
      ['bad phone', 'POST', path, { body: { to: '+12', type: 'text', text: 'x' } }, 400, 'invalid_phone', 'to'],
      ['unknown kind of to', 'POST', path, { body: { to: 'shop@example.com', type: 'text', text: 'x' } }, 400,
       'invalid_field', 'to'],
      ['missing type', 'POST', path, { body: { to: FRIEND, text: 'x' } }, 400, 'missing_field', 'type'],
      ['unknown type', 'POST', path, { body: { to: FRIEND, type: 'fax', text: 'x' } }, 400, 'invalid_field', 'type'],
      ['missing text', 'POST', path, { body: { to: FRIEND, type: 'text' } }, 400, 'missing_field', 'text'],
      ['text of the wrong type', 'POST', path, { body: { to: FRIEND, type: 'text', text: ['x'] } }, 400,
       'invalid_field', 'text'],
      ['media without file', 'POST', path, { body: { to: FRIEND, type: 'image' } }, 400, 'missing_field',
       'media_base64'],
      ['media not base64', 'POST', path, { body: { to: FRIEND, type: 'image', media_base64: '%%%' } }, 400,
       'invalid_field', 'media_base64'],
      ['latitude out of range', 'POST', path, { body: { to: FRIEND, type: 'location', latitude: 99, longitude: 1 } },
       400, 'invalid_field', 'latitude'],
      ['poll with one option', 'POST', path, { body: { to: FRIEND, type: 'poll', question: 'q', options: ['a'] } },
       400, 'invalid_field', 'options'],
      ['reply to an unknown message', 'POST', path,
       { body: { to: FRIEND, type: 'text', text: 'x', reply_to: '3EB0000000000000000000' } }, 400, 'unknown_message',
       'reply_to'],
      ['reaction to an unknown message', 'POST', path,
       { body: { type: 'reaction', message_id: '3EB0000000000000000000', emoji: 'x' } }, 400, 'unknown_message',
       'message_id'],
      ['idempotency key with a space', 'POST', path,
       { body: { to: FRIEND, type: 'text', text: 'x' }, headers: { 'Idempotency-Key': 'a b' } }, 400,
       'invalid_field', 'Idempotency-Key'],
      ['unknown session', 'POST', '/api/sessions/ses_0000000000000000/messages',
       { body: { to: FRIEND, type: 'text', text: 'x' } }, 404, 'not_found', 'id'],
      ['edit of an unknown message', 'PATCH', `${path}/3EB0000000000000000000`, { body: { text: 'x' } }, 404,
       'not_found', 'mid'],
      ['edit without text', 'PATCH', `${path}/3EB0000000000000000000`, { body: {} }, 404, 'not_found', 'mid'],
      ['revoke of an unknown message', 'DELETE', `${path}/3EB0000000000000000000`, {}, 404, 'not_found', 'mid'],
      ['get of an unknown message', 'GET', `${path}/3EB0000000000000000000`, {}, 404, 'not_found', 'mid'],
      ['list with a bad direction', 'GET', `${path}?direction=sideways`, {}, 400, 'invalid_field', 'direction'],
      ['list with a bad limit', 'GET', `${path}?limit=0`, {}, 400, 'invalid_field', 'limit'],
      ['list with an unknown cursor', 'GET', `${path}?before=3EB0000000000000000000`, {}, 400, 'unknown_message',
       'before'],
      ['list of an unknown session', 'GET', '/api/sessions/ses_0000000000000000/messages', {}, 404, 'not_found',
       'id'],
    ];
    for (const [name, method, target, options, status, code, field] of cases) {
      const got = await api(gateway, method, target, options);
      assert.equal(got.status, status, `${name}: ${JSON.stringify(got.json)}`);
      assert.equal(got.json.error?.code, code, `${name}: ${JSON.stringify(got.json)}`);
      assert.equal(got.json.error?.field, field, `${name}: field`);
      assert.ok(got.json.error.message.length > 5, `${name}: a message a person can act on`);
    }
    // A session that is not linked yet cannot send.
    const fresh = await api(gateway, 'POST', '/api/sessions', { body: { name: 'unlinked' } });
    const unlinked = await api(gateway, 'POST', `/api/sessions/${fresh.json.id}/messages`,
                               { body: { to: FRIEND, type: 'text', text: 'x' } });
    assert.equal(unlinked.status, 409);
    assert.equal(unlinked.json.error.code, 'not_linked');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await api(gateway, 'GET', `${path}?limit=200`)).json.messages.length, before, 'nothing stored');
    assert.equal((await inbox(gateway)).length, inboxBefore, 'nothing sent');
    assert.equal((await stats(gateway)).duplicates_by_id, 0);
  });
});
