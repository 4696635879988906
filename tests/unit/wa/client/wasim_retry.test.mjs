// Retry receipts with unmodified Baileys 7.0.0-rc13 through wasim, both ways:
// - Baileys loses its session with us: it cannot decrypt our next message, asks with a retry receipt, and our
//   client re-encrypts that message (kept in SQLite) for that device only, with the same id; Baileys shows it.
// - We lose our sessions: we cannot decrypt Baileys' next message, send a retry receipt, Baileys re-sends with a
//   fresh session and we get the message as one event with the original id.
// Needs WASIM_BIN, WAGW_BIN, WA_CLIENT_BURST_TOOL and NODE_PATH.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { collect, textOf } from '../../../wasim/wasim_harness.mjs';
import { linkClient, runBurstTool, runClient, useWasim, withTimeout } from './client_harness.mjs';

const { wasim, dir } = useWasim('retry');

// Deletes every Signal session a Baileys auth folder holds (its key store writes one file per session).
async function forgetBaileysSessions(client, authDir) {
    const ids = fs.readdirSync(authDir).filter((f) => f.startsWith('session-') && f.endsWith('.json'))
        .map((f) => f.slice('session-'.length, -'.json'.length));
    assert.ok(ids.length > 0, 'Baileys had sessions to lose');
    await client.sock.authState.keys.set({ session: Object.fromEntries(ids.map((id) => [id, null])) });
    return ids;
}

test('Baileys cannot decrypt our message, sends a retry receipt, and gets it re-sent with the same id', async () => {
    const ours = '15550006001', theirs = '15550006002';
    await wasim.admin('POST', '/admin/accounts', { phone: ours, push_name: 'Gateway' });
    await wasim.admin('POST', '/admin/accounts', { phone: theirs, push_name: 'Baileys user' });
    await linkClient(wasim, ours, dir('wagw1'));
    const { client: baileys } = await wasim.pair(dir('baileys1'), { phone: theirs });
    const inbox = collect(baileys.sock, 'messages.upsert');

    const first = runClient(['send', '--data', dir('wagw1'), '--to', theirs, '--text', 'before the loss']);
    const firstSent = await first.waitFor('sent');
    assert.equal(await withTimeout(first.exited, 10000, 'send exit'), 0, first.stderr.join(''));
    await inbox.wait((m) => textOf(m) === 'before the loss' && m.key.id === firstSent.id, 'Baileys reads the first');

    await forgetBaileysSessions(baileys, dir('baileys1'));
    // Our next message uses our (intact) session: Baileys has nothing to decrypt it with.
    const sender = runBurstTool(wasim, dir('wagw1'), ['--to', theirs, '--count', '1', '--prefix', 'after the loss']);
    const sent = await sender.waitFor((e) => e.event === 'sent', 'the second message acked');
    const resent = await sender.waitFor((e) => e.event === 'message_resent', 'our client answers the retry receipt');
    assert.equal(resent.id, sent.id);
    assert.match(resent.device, new RegExp(`^${theirs}:\\d+@s\\.whatsapp\\.net$`));
    assert.ok(sender.events.some((e) => e.event === 'receipt' && e.type === 'retry' && e.ids.includes(sent.id)));
    const shown = await inbox.wait((m) => textOf(m) === 'after the loss 0', 'Baileys decrypts the re-sent message');
    assert.equal(shown.key.id, sent.id);
    assert.equal(shown.key.fromMe, false);
    assert.equal(await sender.stop(), 0);
    baileys.end();
});

test('we lose our sessions: our retry receipt makes Baileys re-send, and the message arrives once', async () => {
    const ours = '15550006011', theirs = '15550006012';
    await wasim.admin('POST', '/admin/accounts', { phone: ours, push_name: 'Gateway' });
    await wasim.admin('POST', '/admin/accounts', { phone: theirs, push_name: 'Baileys user' });
    await linkClient(wasim, ours, dir('wagw2'));
    // Baileys answers retry receipts with messages it can look up again.
    const sentByBaileys = new Map();
    const { client: baileys } = await wasim.pair(dir('baileys2'), {
        phone: theirs, options: { getMessage: async (key) => sentByBaileys.get(key.id) } });
    // Known to getMessage before it is sent: the retry receipt can come back before sendMessage resolves.
    const send = async (text) => {
        const id = '3EB0' + crypto.randomBytes(9).toString('hex').toUpperCase();
        sentByBaileys.set(id, { conversation: text });
        return baileys.sock.sendMessage(`${ours}@s.whatsapp.net`, { text }, { messageId: id });
    };

    const listen = runClient(['listen', '--data', dir('wagw2')]);
    await listen.waitFor('connected');
    const hello = await send('hello before the loss');
    await listen.waitFor('message', (e) => e.id === hello.key.id);
    assert.equal(await listen.stop(), 0);

    const again = runBurstTool(wasim, dir('wagw2'), ['--forget-sessions', 'yes']);
    await again.waitFor((e) => e.event === 'connected', 'connected without sessions');
    const lost = await send('after the loss');
    const failed = await again.waitFor((e) => e.event === 'message_undecryptable' && e.id === lost.key.id,
                                       'our client cannot decrypt and says it asked again');
    assert.equal(failed.retry_count, 1);
    const got = await again.waitFor((e) => e.event === 'message' && e.id === lost.key.id, 'the re-sent message', 30000);
    assert.equal(got.text, 'after the loss');
    await new Promise((r) => setTimeout(r, 500));  // a duplicate would show up by now
    assert.equal(again.events.filter((e) => e.event === 'message' && e.id === lost.key.id).length, 1);
    assert.equal(await again.stop(), 0);
    baileys.end();
});

test('we lose a group sender key: Baileys answers our retry receipt with a copy for our device alone', async () => {
    const ours = '15550006021', ann = '15550006022', bob = '15550006023';
    for (const [phone, name] of [[ours, 'Gateway'], [ann, 'Ann'], [bob, 'Bob']])
        await wasim.admin('POST', '/admin/accounts', { phone, push_name: name });
    await linkClient(wasim, ours, dir('wagw3'));
    const sentByAnn = new Map();
    const { client: annClient } = await wasim.pair(dir('ann3'), {
        phone: ann, options: { getMessage: async (key) => sentByAnn.get(key.id) } });
    const { client: bobClient } = await wasim.pair(dir('bob3'), { phone: bob });
    const bobInbox = collect(bobClient.sock, 'messages.upsert');
    const group = await annClient.sock.groupCreate('retry group', [`${ours}@s.whatsapp.net`, `${bob}@s.whatsapp.net`]);
    const send = async (text) => {
        const id = '3EB0' + crypto.randomBytes(9).toString('hex').toUpperCase();
        sentByAnn.set(id, { conversation: text });
        return annClient.sock.sendMessage(group.id, { text }, { messageId: id });
    };

    const listen = runClient(['listen', '--data', dir('wagw3')]);
    await listen.waitFor('connected');
    const first = await send('first in the group');
    await listen.waitFor('message', (e) => e.id === first.key.id);
    assert.equal(await listen.stop(), 0);

    // Ann believes we hold her sender key, so her next message is a bare skmsg we cannot read.
    const again = runBurstTool(wasim, dir('wagw3'), ['--forget-sender-keys', 'yes']);
    await again.waitFor((e) => e.event === 'connected', 'connected without sender keys');
    const lost = await send('after we lost her key');
    await again.waitFor((e) => e.event === 'message_undecryptable' && e.id === lost.key.id, 'we ask again');
    const got = await again.waitFor((e) => e.event === 'message' && e.id === lost.key.id, 'the copy for us', 30000);
    assert.equal(got.text, 'after we lost her key');
    assert.equal(got.chat, group.id);
    await bobInbox.wait((m) => m.key.id === lost.key.id, 'Bob reads the group message');
    await new Promise((r) => setTimeout(r, 500));  // a duplicate would show up by now
    assert.equal(again.events.filter((e) => e.event === 'message' && e.id === lost.key.id).length, 1);
    // The copy answering our retry is ours alone: Bob sees the message once, not a second time.
    assert.equal(bobInbox.seen.filter((m) => m.key.id === lost.key.id).length, 1);
    assert.equal(await again.stop(), 0);
    annClient.end();
    bobClient.end();
});
