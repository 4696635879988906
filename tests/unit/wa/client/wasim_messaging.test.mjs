// Our `wagw client` exchanging 1:1 text through the real wasim binary with an unmodified Baileys 7.0.0-rc13
// client (another account) and with a second companion of our own account (device-sent copies), including
// delivery to an offline client at its next login. Needs WASIM_BIN, WAGW_BIN and NODE_PATH with baileys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collect, sentStatuses, WAMessageStatus, textOf } from '../../../wasim/wasim_harness.mjs';
import { linkClient, runBurstTool, runClient, useWasim, withTimeout } from './client_harness.mjs';

const { wasim, dir } = useWasim('msg');

test('text both ways between wagw and Baileys, and a message queued while wagw is offline', async () => {
    const ours = '15550003001';
    const theirs = '15550003002';
    await wasim.admin('POST', '/admin/accounts', { phone: ours, push_name: 'Gateway' });
    await wasim.admin('POST', '/admin/accounts', { phone: theirs, push_name: 'Baileys user' });
    await linkClient(wasim, ours, dir('wagw'));
    const { client: baileys } = await wasim.pair(dir('baileys'), { phone: theirs });
    const baileysInbox = collect(baileys.sock, 'messages.upsert');
    const statuses = sentStatuses(baileys.sock);

    // wagw -> Baileys
    const send = runClient(['send', '--data', dir('wagw'), '--to', theirs, '--text', 'hello from wagw']);
    const sent = await send.waitFor('sent');
    assert.equal(await withTimeout(send.exited, 10000, 'send exit'), 0, send.stderr.join(''));
    const got = await baileysInbox.wait((m) => textOf(m) === 'hello from wagw', 'Baileys receives our text');
    assert.equal(got.key.id, sent.id);
    assert.equal(got.key.fromMe, false);
    assert.match(sent.id, /^3EB0[0-9A-F]{18}$/);

    // Baileys -> wagw while wagw is offline: delivered at our next login.
    const queued = await baileys.sock.sendMessage(`${ours}@s.whatsapp.net`, { text: 'while you were away' });
    const listen = runClient(['listen', '--data', dir('wagw'), '--mark-read']);
    const late = await listen.waitFor('message', (e) => e.text === 'while you were away');
    assert.equal(late.id, queued.key.id);
    assert.equal(late.chat, `${theirs}@s.whatsapp.net`);
    assert.equal(late.from_me, false);

    // Baileys -> wagw while wagw is online, on the session the first messages set up.
    const live = await baileys.sock.sendMessage(`${ours}@s.whatsapp.net`, { text: 'and now live' });
    const now = await listen.waitFor('message', (e) => e.text === 'and now live');
    assert.equal(now.id, live.key.id);
    assert.ok(!listen.events.some((e) => e.event === 'message_undecryptable'), JSON.stringify(listen.events));
    // --mark-read: our delivery and read receipts reach Baileys; its event buffer merges the two updates of
    // one message into the latest, READ (4).
    await statuses.wait(live.key.id, WAMessageStatus.READ, 'Baileys sees our read receipt', 20000);
    // Baileys' delivery receipt for our first message, queued while we were offline.
    const receipt = await listen.waitFor('receipt', (e) => e.ids.includes(sent.id));
    assert.equal(receipt.type, 'delivered');
    assert.equal(await listen.stop(), 0);
    baileys.end();
});

test('a second wagw companion of the same account gets the device-sent copy', async () => {
    const ours = '15550003011';
    const peer = '15550003012';
    await wasim.admin('POST', '/admin/accounts', { phone: ours, push_name: 'Two devices' });
    await wasim.admin('POST', '/admin/accounts', { phone: peer, push_name: 'Peer' });
    await linkClient(wasim, ours, dir('first'));
    await linkClient(wasim, ours, dir('second'));
    await linkClient(wasim, peer, dir('peer'));

    const second = runClient(['listen', '--data', dir('second')]);
    const peerListen = runClient(['listen', '--data', dir('peer')]);
    await second.waitFor('connected');
    await peerListen.waitFor('connected');
    const send = runClient(['send', '--data', dir('first'), '--to', peer, '--text', 'to the peer']);
    const sent = await send.waitFor('sent');
    assert.equal(await withTimeout(send.exited, 10000, 'send exit'), 0, send.stderr.join(''));

    const atPeer = await peerListen.waitFor('message', (e) => e.id === sent.id);
    assert.equal(atPeer.text, 'to the peer');
    assert.equal(atPeer.chat, `${ours}@s.whatsapp.net`);
    const copy = await second.waitFor('message', (e) => e.id === sent.id);
    assert.equal(copy.text, 'to the peer');
    assert.equal(copy.from_me, true);
    assert.equal(copy.chat, `${peer}@s.whatsapp.net`);
    assert.equal(await second.stop(), 0);
    assert.equal(await peerListen.stop(), 0);
});

test('the server dropping every connection: wagw reconnects by itself and gets every message exactly once', async () => {
    const receiver = '15550003021';
    const sender = '15550003022';
    await wasim.admin('POST', '/admin/accounts', { phone: receiver, push_name: 'Receiver' });
    await wasim.admin('POST', '/admin/accounts', { phone: sender, push_name: 'Sender' });
    await linkClient(wasim, receiver, dir('receiver'));
    await linkClient(wasim, sender, dir('sender'));

    const listen = runClient(['listen', '--data', dir('receiver')]);
    await listen.waitFor('connected');
    const dropped = await wasim.admin('POST', '/admin/faults', { drop_all: true });
    assert.equal(dropped.status, 200, JSON.stringify(dropped.body));
    const down = await listen.waitFor('disconnected');
    assert.equal(down.will_reconnect, true, JSON.stringify(down));

    // Sent while the receiver is away or coming back: queued by the server, delivered after the reconnect.
    const ids = [];
    for (let i = 0; i < 5; i++) {
        const send = runClient(['send', '--data', dir('sender'), '--to', receiver, '--text', `burst ${i}`]);
        ids.push((await send.waitFor('sent')).id);
        assert.equal(await withTimeout(send.exited, 10000, 'send exit'), 0, send.stderr.join(''));
    }
    for (const id of ids) await listen.waitFor('message', (e) => e.id === id);
    assert.equal(listen.events.filter((e) => e.event === 'connected').length, 2, JSON.stringify(listen.events));
    await new Promise((r) => setTimeout(r, 300));  // a duplicate would show up by now
    const received = listen.events.filter((e) => e.event === 'message').map((e) => e.id);
    assert.deepEqual([...received].sort(), [...ids].sort());
    assert.equal(await listen.stop(), 0);
    await wasim.admin('DELETE', '/admin/faults');
});

// The client keeps device lists for minutes (device_cache.*); wasim tells the account's other companions when one
// links (<notification type="devices">), and that must drop our own cached list, or the new companion would miss
// the device-sent copies until the list expires.
test('a companion of our own account linked while we keep sending gets the device-sent copies from then on', async () => {
    const ours = '15550003031';
    const peer = '15550003032';
    await wasim.admin('POST', '/admin/accounts', { phone: ours, push_name: 'Sender' });
    await wasim.admin('POST', '/admin/accounts', { phone: peer, push_name: 'Peer phone' });
    await linkClient(wasim, ours, dir('cached-first'));

    const burst = runBurstTool(wasim, dir('cached-first'),
                               ['--to', peer, '--count', '100', '--interval-ms', '200', '--prefix', 'cached']);
    await burst.waitFor((e) => e.event === 'sent' && e.index === 2, 'sends before the new companion (lists cached)');
    await linkClient(wasim, ours, dir('cached-second'));
    // Sends issued from here on (the one or two in flight aside) must carry a copy for the new companion.
    const after = burst.events.filter((e) => e.event === 'sent').length + 2;
    const second = runClient(['listen', '--data', dir('cached-second')]);
    await burst.waitFor((e) => e.event === 'all_sent', 'every send acked', 60000);
    const later = burst.events.filter((e) => e.event === 'sent' && e.index >= after);
    assert.ok(later.length >= 5, `too few sends after the link to judge (${later.length})`);
    for (const sent of later) {
        const copy = await second.waitFor('message', (e) => e.id === sent.id);
        assert.equal(copy.from_me, true);
    }
    assert.ok(!burst.events.some((e) => e.event === 'send_failed'), JSON.stringify(burst.events.slice(-5)));
    assert.equal(await burst.stop(), 0);
    assert.equal(await second.stop(), 0);
});
