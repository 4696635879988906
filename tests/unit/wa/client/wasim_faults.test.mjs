// Acceptance under faults: wasim drops connections every few seconds (POST /admin/faults) while 200 messages
// go from our WaClient to a virtual phone, while 200 go from that phone to our client, and while 200 go from one
// WaClient to another. Every message must arrive exactly once, within a bounded time, and every send must be
// reported acknowledged. Latency keeps sends in flight when a drop hits, so the client must send them again,
// and receivers see some stanzas twice (the server had routed them, the ack was lost) and must show them once.
// Needs WASIM_BIN, WAGW_BIN, WA_CLIENT_BURST_TOOL and NODE_PATH.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linkClient, runBurstTool, runClient, useWasim, withTimeout } from './client_harness.mjs';

const COUNT = 200;
// Every DROP_EVERY_MS the test has wasim close every connection (POST /admin/faults {"drop_all": true}): a fixed
// rhythm rather than a random fraction, so every run has several drops in the middle of its traffic.
const DROP_EVERY_MS = 2500;

const { wasim, dir } = useWasim('faults');

function dropConnectionsPeriodically() {
    const timer = setInterval(() => wasim.admin('POST', '/admin/faults', { drop_all: true }).catch(() => {}), DROP_EVERY_MS);
    return () => clearInterval(timer);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function phoneInbox(phone) {
    const inbox = await wasim.admin('GET', `/admin/accounts/${phone}/messages`);
    assert.equal(inbox.status, 200, JSON.stringify(inbox.body));
    return inbox.body;
}

test(`${COUNT} messages from wagw to a phone while wasim drops connections: each arrives once and is acked`, async () => {
    const ours = '15550009001';
    const phone = '15550009002';
    await wasim.admin('POST', '/admin/accounts', { phone: ours, push_name: 'Sender under faults' });
    await wasim.admin('POST', '/admin/accounts', { phone, push_name: 'Phone' });
    await linkClient(wasim, ours, dir('sender'));

    // 100 ms of latency keeps ~2 messages in flight at any time, so most drops catch sends the server has not
    // acknowledged (wasim discards stanzas still delayed when their connection closes): the client must send
    // those again after reconnecting.
    const faults = await wasim.admin('POST', '/admin/faults', { latency_ms: 100 });
    const stopDrops = dropConnectionsPeriodically();
    assert.equal(faults.status, 200, JSON.stringify(faults.body));
    const started = Date.now();
    // One message every 50 ms: the 200 sends span ~10 s, so several drops fall in the middle of them.
    const burst = runBurstTool(wasim, dir('sender'), ['--to', phone, '--count', String(COUNT), '--prefix', 'to phone',
                                                       '--interval-ms', '50']);
    await burst.waitFor((e) => e.event === 'all_sent', 'every send finished', 120000);
    const elapsed = Date.now() - started;
    stopDrops();
    await wasim.admin('DELETE', '/admin/faults');
    const drops = burst.events.filter((e) => e.event === 'disconnected').length;
    assert.equal(await burst.stop(), 0, burst.stderr.join(''));

    const failed = burst.events.filter((e) => e.event === 'send_failed');
    assert.deepEqual(failed, [], 'every send is acknowledged by the server');
    const sent = burst.events.filter((e) => e.event === 'sent');
    assert.equal(sent.length, COUNT);
    assert.equal(new Set(sent.map((e) => e.id)).size, COUNT, 'one id per message');
    assert.ok(drops >= 2, `the connection dropped while sending (${drops} drops)`);

    // What the phone decrypted: each message exactly once, under the id the client reported. The phone also
    // lists stanzas it could not decrypt: a re-sent copy of a message it already had (same ciphertext) shows
    // there, and nothing else may.
    const inbox = (await phoneInbox(phone)).filter((m) => m.from_phone === ours);
    const decrypted = inbox.filter((m) => m.decrypted);
    for (const { index, id } of sent) {
        const copies = decrypted.filter((m) => m.text === `to phone ${index}`);
        assert.equal(copies.length, 1, `message ${index} decrypted ${copies.length} times`);
        assert.equal(copies[0].id, id);
    }
    const repeats = inbox.filter((m) => !m.decrypted);
    for (const repeat of repeats) assert.ok(decrypted.some((m) => m.id === repeat.id), JSON.stringify(repeat));
    console.log(`# wagw -> phone: ${COUNT} messages in ${elapsed} ms with ${drops} drops; ` +
                `${repeats.length} repeated stanzas dropped by the receiver`);
});

test(`${COUNT} messages from a phone to wagw while wasim drops connections: each is one event`, async () => {
    const ours = '15550009011';
    const phone = '15550009012';
    await wasim.admin('POST', '/admin/accounts', { phone: ours, push_name: 'Receiver under faults' });
    await wasim.admin('POST', '/admin/accounts', { phone, push_name: 'Phone' });
    await linkClient(wasim, ours, dir('receiver'));
    const listen = runClient(['listen', '--data', dir('receiver')]);
    await listen.waitFor('connected');

    const stopDrops = dropConnectionsPeriodically();
    const started = Date.now();
    const ids = [];
    for (let i = 0; i < COUNT; i++) {
        const sent = await wasim.admin('POST', `/admin/accounts/${phone}/messages`, { to: ours, text: `to wagw ${i}` });
        assert.equal(sent.status, 201, JSON.stringify(sent.body));
        ids.push(sent.body.id);
        await sleep(50);
    }
    stopDrops();
    await wasim.admin('DELETE', '/admin/faults');
    const received = () => listen.events.filter((e) => e.event === 'message');
    await withTimeout((async () => {
        while (new Set(received().map((e) => e.id)).size < COUNT) await sleep(100);
    })(), 60000, `all ${COUNT} messages (got ${new Set(received().map((e) => e.id)).size})`).catch((error) => {
        const got = new Set(received().map((e) => e.id));
        throw new Error(`${error.message}; missing ${ids.filter((id) => !got.has(id)).slice(0, 10).join(',')}`);
    });
    const elapsed = Date.now() - started;
    await sleep(1000);  // a duplicate would show up by now
    const drops = listen.events.filter((e) => e.event === 'disconnected').length;
    assert.equal(await listen.stop(), 0, listen.stderr.join(''));

    const events = received();
    assert.equal(events.length, COUNT, 'no message twice');
    for (let i = 0; i < COUNT; i++) {
        const event = events.find((e) => e.id === ids[i]);
        assert.equal(event?.text, `to wagw ${i}`);
    }
    assert.ok(!listen.events.some((e) => e.event === 'message_undecryptable'), 'nothing undecryptable');
    assert.ok(drops >= 2, `the connection dropped while receiving (${drops} drops)`);
    console.log(`# phone -> wagw: ${COUNT} messages in ${elapsed} ms with ${drops} drops`);
});

test(`${COUNT} messages between two wagw clients under drops and latency: re-sent copies are dropped by the receiver`, async () => {
    const sender = '15550009021';
    const receiver = '15550009022';
    await wasim.admin('POST', '/admin/accounts', { phone: sender, push_name: 'Sender' });
    await wasim.admin('POST', '/admin/accounts', { phone: receiver, push_name: 'Receiver' });
    await linkClient(wasim, sender, dir('pair-sender'));
    await linkClient(wasim, receiver, dir('pair-receiver'));
    const listen = runClient(['listen', '--data', dir('pair-receiver')]);
    await listen.waitFor('connected');

    // As in the first test, drops catch unacknowledged sends; some of those the server had already routed, so the
    // receiver gets the same stanza twice and must show it once.
    const routedBefore = (await wasim.admin('GET', '/admin/stats')).body.messages_routed;
    const faults = await wasim.admin('POST', '/admin/faults', { latency_ms: 100 });
    const stopDrops = dropConnectionsPeriodically();
    assert.equal(faults.status, 200, JSON.stringify(faults.body));
    const burst = runBurstTool(wasim, dir('pair-sender'), ['--to', receiver, '--count', String(COUNT), '--prefix', 'to wagw',
                                                            '--interval-ms', '50']);
    await burst.waitFor((e) => e.event === 'all_sent', 'every send finished', 120000);
    stopDrops();
    await wasim.admin('DELETE', '/admin/faults');
    assert.deepEqual(burst.events.filter((e) => e.event === 'send_failed'), []);
    const sent = burst.events.filter((e) => e.event === 'sent');
    assert.equal(sent.length, COUNT);
    const received = () => listen.events.filter((e) => e.event === 'message');
    await withTimeout((async () => {
        while (new Set(received().map((e) => e.id)).size < COUNT) await sleep(100);
    })(), 60000, `all ${COUNT} messages at the receiver`);
    await sleep(1000);  // a duplicate would show up by now
    const drops = listen.events.filter((e) => e.event === 'disconnected').length +
                  burst.events.filter((e) => e.event === 'disconnected').length;
    assert.equal(await burst.stop(), 0);
    assert.equal(await listen.stop(), 0, listen.stderr.join(''));

    const events = received();
    assert.equal(events.length, COUNT, 'no message twice');
    for (const { index, id } of sent) assert.equal(events.find((e) => e.id === id)?.text, `to wagw ${index}`);
    assert.ok(!listen.events.some((e) => e.event === 'message_undecryptable'), 'a repeated copy is no decryption failure');
    // Each message has 3 copies (the receiver's companion and phone, the sender's phone); more were re-sent ones.
    const routed = (await wasim.admin('GET', '/admin/stats')).body.messages_routed - routedBefore;
    console.log(`# wagw -> wagw: ${COUNT} messages with ${drops} drops (both sides); wasim routed ${routed} copies ` +
                `for ${COUNT * 3} expected: ${routed - COUNT * 3} re-sent copies, none shown twice`);
});
