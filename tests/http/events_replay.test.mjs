// The event log behind /api/events: every event has an id that only grows (across restarts too), a consumer
// that comes back with ?since= gets every stored event after it and then the live ones with no gap and no
// duplicate, ?session= and ?types= filter both the replay and the live events, and a `since` older than the
// log keeps is announced with an events.gap event. Events come from real sessions of `wagw serve --demo`.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { api, watchEvents } from '../support/api.mjs';
import { makeApiKey, makeDataDir, startGateway } from '../support/gateway.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Ids of stored events are consecutive: the log hands them out one by one and never skips.
function assertConsecutive(ids, first, label) {
  assert.deepEqual(ids, Array.from({ length: ids.length }, (_, i) => first + i), label);
}

// Start a session, wait for its QR code, stop it.
async function cycleWithQr(gateway, watcher, id) {
  const before = watcher.events.length;
  assert.equal((await api(gateway, 'POST', `/api/sessions/${id}/start`)).status, 200);
  await watcher.until(() => watcher.events.slice(before).some((e) => e.type === 'session.qr' && e.session === id),
                      10000, `a QR code for ${id}`);
  assert.equal((await api(gateway, 'POST', `/api/sessions/${id}/stop`)).status, 200);
}

// Start and stop a session: "starting", usually "scan_qr" + "session.qr", then "stopped".
async function cycle(gateway, id) {
  assert.equal((await api(gateway, 'POST', `/api/sessions/${id}/start`)).status, 200);
  await sleep(30);
  assert.equal((await api(gateway, 'POST', `/api/sessions/${id}/stop`)).status, 200);
}

describe('event log and replay', () => {
  const dataDir = makeDataDir();
  const apiKey = makeApiKey();
  let gateway;
  let shop;
  let desk;
  let lastBeforeRestart;

  before(async () => {
    gateway = await startGateway({ dataDir, apiKey, extraArgs: ['--demo'] });
    shop = (await api(gateway, 'POST', '/api/sessions', { body: { name: 'shop' } })).json.id;
    desk = (await api(gateway, 'POST', '/api/sessions', { body: { name: 'desk' } })).json.id;
  });
  after(async () => {
    await gateway?.stop();
    gateway?.removeData();
  });

  test('live events carry the envelope, ids grow by one, hello tells the newest id', async () => {
    const live = await watchEvents(gateway);
    assert.equal(live.hello.id, null);
    assert.equal(live.hello.payload.last_event_id, 0, 'nothing published yet');
    await api(gateway, 'POST', `/api/sessions/${shop}/start`);
    const qr = await live.next((e) => e.type === 'session.qr' && e.session === shop);
    await api(gateway, 'POST', `/api/sessions/${shop}/stop`);
    await live.next((e) => e.type === 'session.state' && e.payload.state === 'stopped');
    live.close();
    for (const event of live.events) {
      assert.deepEqual(Object.keys(event).sort(), ['id', 'payload', 'session', 'time', 'type']);
      assert.equal(event.session, shop);
      assert.ok(Math.abs(event.time - Date.now()) < 60000);
    }
    assert.equal(qr.payload.session, shop);
    assertConsecutive(live.events.map((e) => e.id), 1, 'ids from 1, one by one');
    const again = await watchEvents(gateway);
    assert.equal(again.hello.payload.last_event_id, live.events.at(-1).id);
    again.close();
  });

  test('?since= replays what was missed, then continues live with no gap and no duplicate', async () => {
    // A live consumer sees everything; a second one joins with since=0 in the middle of a burst of events.
    const live = await watchEvents(gateway);
    const burst = (async () => {
      for (let i = 0; i < 6; ++i) await Promise.all([cycle(gateway, shop), cycle(gateway, desk)]);
    })();
    await sleep(150);
    const resumed = await watchEvents(gateway, '?since=0');
    await burst;
    await sleep(500);  // late QR events of the last cycles
    const marker = await api(gateway, 'POST', `/api/sessions/${shop}/start`);
    assert.equal(marker.status, 200);
    await api(gateway, 'POST', `/api/sessions/${shop}/stop`);
    const newest = await live.next((e) => e.type === 'session.state' && e.payload.state === 'stopped' &&
                                         e.id > Math.max(...live.events.filter((x) => x !== e).map((x) => x.id)));
    await resumed.until(() => resumed.events.some((e) => e.id === newest.id), 10000, 'resumed catches up');
    live.close();
    resumed.close();
    const ids = resumed.events.map((e) => e.id);
    assertConsecutive(ids, 1, 'replay then live: every id once, in order');
    assert.ok(ids.length > 20, `only ${ids.length} events`);
    // The replayed events are the very events the live consumer saw.
    const byId = new Map(resumed.events.map((e) => [e.id, e]));
    for (const event of live.events) assert.deepEqual(byId.get(event.id), event);
    lastBeforeRestart = newest.id;
  });

  test('?session= and ?types= filter the replay and the live events alike', async () => {
    const filtered = await watchEvents(gateway, `?since=0&session=${desk}&types=session.qr`);
    const family = await watchEvents(gateway, `?since=0&session=${shop}&types=session.*`);
    await filtered.until(() => filtered.events.length > 0, 5000, 'replayed desk QR codes');
    const replayed = filtered.events.length;
    await cycleWithQr(gateway, filtered, desk);
    await cycle(gateway, shop);
    await sleep(300);
    filtered.close();
    family.close();
    for (const event of filtered.events) {
      assert.equal(event.type, 'session.qr');
      assert.equal(event.session, desk);
    }
    const ids = filtered.events.map((e) => e.id);
    assert.deepEqual(ids, [...new Set(ids)].sort((a, b) => a - b), 'increasing, no duplicates');
    assert.ok(family.events.length > 0);
    assert.ok(family.events.every((e) => e.session === shop && e.type.startsWith('session.')));
    assert.ok(family.events.some((e) => e.type === 'session.qr') &&
              family.events.some((e) => e.type === 'session.state'));
  });

  test('bad since, types or unknown future ids are refused with the field named', async () => {
    for (const [query, field, code] of [['?since=abc', 'since', 'invalid_field'],
                                       ['?since=-1', 'since', 'invalid_field'],
                                       ['?since=999999999', 'since', 'unknown_since'],
                                       ['?types=session.state,nope', 'types', 'invalid_field'],
                                       ['?types=bogus.*', 'types', 'invalid_field']]) {
      const refused = await watchEvents(gateway, query).then(() => null, (e) => e);
      assert.ok(refused, `${query} was accepted`);
      assert.equal(refused.status, 400, query);
      assert.equal(refused.body.error.field, field, query);
      assert.equal(refused.body.error.code, code, query);
    }
  });

  test('ids stay unique after a restart, and the old events still replay', async () => {
    await gateway.stop();
    gateway = await startGateway({ dataDir, apiKey, extraArgs: ['--demo'] });
    const resumed = await watchEvents(gateway, `?since=${lastBeforeRestart - 2}`);
    assert.ok(resumed.hello.payload.last_event_id >= lastBeforeRestart);
    await resumed.until(() => resumed.events.length >= 2, 5000, 'the two events before the restart');
    assert.deepEqual(resumed.events.slice(0, 2).map((e) => e.id), [lastBeforeRestart - 1, lastBeforeRestart]);
    await cycle(gateway, shop);
    await resumed.next((e) => e.type === 'session.state' && e.payload.state === 'stopped' &&
                              e.id > lastBeforeRestart);
    resumed.close();
    const ids = resumed.events.map((e) => e.id);
    assertConsecutive(ids, lastBeforeRestart - 1, 'no id reused, none skipped');
  });

  test('a since older than the kept events gets an events.gap first, then what is kept', async () => {
    await gateway.stop();
    gateway = await startGateway({ dataDir, apiKey, extraArgs: ['--demo', '--events-keep', '5'] });
    await cycle(gateway, desk);  // prunes the log down to the newest 5
    await sleep(300);
    const resumed = await watchEvents(gateway, '?since=1');
    await resumed.until(() => resumed.events.length >= 4, 5000, 'gap + kept events');
    await sleep(200);
    resumed.close();
    const [gap, ...kept] = resumed.events;
    assert.equal(gap.type, 'events.gap');
    assert.equal(gap.id, null);
    assert.equal(gap.payload.since, 1);
    assert.ok(kept.length <= 5 && kept.length >= 3, `${kept.length} kept`);
    assert.equal(gap.payload.oldest_kept, kept[0].id);
    assertConsecutive(kept.map((e) => e.id), kept[0].id, 'the kept tail');
    // Resuming from inside the kept range is no gap.
    const inside = await watchEvents(gateway, `?since=${kept[0].id}`);
    await inside.until(() => inside.events.length >= kept.length - 1, 5000, 'kept events');
    inside.close();
    assert.ok(inside.events.every((e) => e.type !== 'events.gap'));
  });
});
