// A group of our `wagw client` and two unmodified Baileys 7.0.0-rc13 members through the real wasim binary:
// we create it, send with sender keys (both Baileys members decrypt; the key goes only to devices without it,
// and a member that lost it gets the message again pairwise through a retry receipt), receive what Baileys sends
// (sender key distribution first, then skmsg), and remove/add members, seeing the w:gp2 notifications as events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { collect, textOf } from '../../../wasim/wasim_harness.mjs';
import { linkClient, runBurstTool, runClient, useWasim, withTimeout } from './client_harness.mjs';

const { wasim, dir } = useWasim('groups');

// Every sender-key id Baileys stored for the group (its key store: sender-key-<group>... files holding the
// record's JSON as a Buffer).
function senderKeyIds(authDir, groupUser) {
    const ids = new Set();
    const visit = (value) => {
        if (Array.isArray(value)) return value.forEach(visit);
        if (value?.type === 'Buffer' && typeof value.data === 'string') {  // a record stored as JSON bytes
            try { return visit(JSON.parse(Buffer.from(value.data, 'base64').toString('utf8'))); } catch { return; }
        }
        if (value && typeof value === 'object') {
            for (const [key, inner] of Object.entries(value)) {
                if (/^sender_?key_?id$/i.test(key)) ids.add(String(inner));
                else visit(inner);
            }
        }
    };
    for (const file of fs.readdirSync(authDir).filter((f) => f.startsWith(`sender-key-${groupUser}`)))
        visit(JSON.parse(fs.readFileSync(path.join(authDir, file), 'utf8')));
    return ids;
}

async function command(args) {
    const run = runClient([...args.slice(0, args[0] === 'group' ? 2 : 1), '--data', dir('wagw'), ...args.slice(args[0] === 'group' ? 2 : 1)]);
    assert.equal(await withTimeout(run.exited, 30000, args.join(' ')), 0, run.stderr.join(''));
    return run.events;
}

test('a group with two Baileys members works both ways, with add/remove notifications', async () => {
    const ours = '15550005001', ann = '15550005002', bob = '15550005003';
    for (const [phone, name] of [[ours, 'Gateway'], [ann, 'Ann'], [bob, 'Bob']])
        await wasim.admin('POST', '/admin/accounts', { phone, push_name: name });
    await linkClient(wasim, ours, dir('wagw'));
    const { client: annClient } = await wasim.pair(dir('ann'), { phone: ann });
    const { client: bobClient } = await wasim.pair(dir('bob'), { phone: bob });
    const annInbox = collect(annClient.sock, 'messages.upsert');
    const bobInbox = collect(bobClient.sock, 'messages.upsert');

    const created = (await command(['group', 'create', '--subject', 'wagw group', '--member', ann, '--member', bob]))
        .find((e) => e.event === 'group');
    assert.ok(created.jid.endsWith('@g.us'), JSON.stringify(created));
    assert.equal(created.subject, 'wagw group');
    assert.equal(created.participants.length, 3, JSON.stringify(created));

    const info = (await command(['group', 'info', '--group', created.jid])).find((e) => e.event === 'group');
    assert.equal(info.jid, created.jid);
    const listed = (await command(['group', 'list'])).filter((e) => e.event === 'group').map((e) => e.jid);
    assert.ok(listed.includes(created.jid), JSON.stringify(listed));

    // We send with our sender key; both members decrypt.
    const sent = (await command(['send', '--to', created.jid, '--text', 'hello members'])).find((e) => e.event === 'sent');
    for (const inbox of [annInbox, bobInbox]) {
        const got = await inbox.wait((m) => m.key.id === sent.id, 'member receives our group text');
        assert.equal(textOf(got), 'hello members');
        assert.equal(got.key.remoteJid, created.jid);
    }

    // Ann loses our sender key. Our next send gives it to nobody (both members have it: the sender-key memory),
    // so she cannot decrypt, asks with a retry receipt, and gets the message pairwise together with our key.
    const groupUser = created.jid.split('@')[0];
    const lost = fs.readdirSync(dir('ann')).filter((f) => f.startsWith(`sender-key-${groupUser}`));
    assert.ok(lost.length > 0, 'Ann kept our sender key in her auth folder');
    for (const file of lost) fs.rmSync(path.join(dir('ann'), file));
    const retried = runBurstTool(wasim, dir('wagw'), ['--to', created.jid, '--count', '1', '--prefix', 'after Ann lost our key']);
    const second = await retried.waitFor((e) => e.event === 'sent', 'the second group message acked');
    const resent = await retried.waitFor((e) => e.event === 'message_resent', 'our client answers Ann\'s retry receipt');
    assert.equal(resent.id, second.id);
    assert.equal(textOf(await annInbox.wait((m) => m.key.id === second.id && textOf(m), 'Ann reads the re-sent message')),
                 'after Ann lost our key 0');
    assert.equal(textOf(await bobInbox.wait((m) => m.key.id === second.id, 'Bob reads it with the key he kept')),
                 'after Ann lost our key 0');
    assert.equal(retried.events.filter((e) => e.event === 'message_resent').length, 1, 'only Ann asked');
    assert.equal(await retried.stop(), 0);

    // Ann becomes an admin, so she can change the membership while our listener runs (a second command of
    // ours would replace the listener's connection).
    const promoted = (await command(['group', 'promote', '--group', created.jid, '--member', ann]))
        .find((e) => e.event === 'group_participants_result');
    assert.deepEqual(promoted.results.map((r) => r.error), [''], JSON.stringify(promoted));

    // Baileys members send; we decrypt (distribution first, then skmsg), and see membership changes.
    const listen = runClient(['listen', '--data', dir('wagw')]);
    await listen.waitFor('connected');
    const fromAnn = await annClient.sock.sendMessage(created.jid, { text: 'hi from Ann' });
    const got = await listen.waitFor('message', (e) => e.id === fromAnn.key.id);
    assert.equal(got.chat, created.jid);
    assert.equal(got.text, 'hi from Ann');
    assert.equal(got.from_me, false);
    const again = await annClient.sock.sendMessage(created.jid, { text: 'second from Ann' });
    assert.equal((await listen.waitFor('message', (e) => e.id === again.key.id)).text, 'second from Ann');

    await annClient.sock.groupParticipantsUpdate(created.jid, [`${bob}@s.whatsapp.net`], 'remove');
    const removal = await listen.waitFor('group_participants', (e) => e.action === 'remove');
    assert.equal(removal.group, created.jid);
    assert.equal(removal.members.length, 1);
    await annClient.sock.groupParticipantsUpdate(created.jid, [`${bob}@s.whatsapp.net`], 'add');
    await listen.waitFor('group_participants', (e) => e.action === 'add');
    const fromBob = await bobClient.sock.sendMessage(created.jid, { text: 'Bob is back' });
    assert.equal((await listen.waitFor('message', (e) => e.id === fromBob.key.id)).text, 'Bob is back');
    assert.ok(!listen.events.some((e) => e.event === 'message_undecryptable'), JSON.stringify(listen.events));
    assert.equal(await listen.stop(), 0);

    // Our own removal of Bob; the next message reaches Ann only.
    const removed = (await command(['group', 'remove', '--group', created.jid, '--member', bob]))
        .find((e) => e.event === 'group_participants_result');
    assert.deepEqual(removed.results.map((r) => r.error), [''], JSON.stringify(removed));
    const after = (await command(['group', 'info', '--group', created.jid])).find((e) => e.event === 'group');
    assert.equal(after.participants.length, 2, JSON.stringify(after));
    const keysBefore = senderKeyIds(dir('ann'), groupUser);
    assert.ok(keysBefore.size > 0, 'Ann holds our sender key');
    const sentWithout = (await command(['send', '--to', created.jid, '--text', 'without Bob'])).find((e) => e.event === 'sent');
    assert.equal(textOf(await annInbox.wait((m) => m.key.id === sentWithout.id, 'Ann still receives')), 'without Bob');
    // Removing Bob rotated our sender key: Ann now holds a key id she did not have (Bob only has the old ones).
    const keysAfter = senderKeyIds(dir('ann'), groupUser);
    assert.ok([...keysAfter].some((id) => !keysBefore.has(id)), `new sender key: ${[...keysBefore]} -> ${[...keysAfter]}`);
    annClient.end();
    bobClient.end();
});

test('subject and description changes arrive as group_info events, and ours reach Baileys', async () => {
    const ours = '15550005011', carol = '15550005012';
    for (const [phone, name] of [[ours, 'Gateway'], [carol, 'Carol']])
        await wasim.admin('POST', '/admin/accounts', { phone, push_name: name });
    await linkClient(wasim, ours, dir('wagw-info'));
    const { client: carolClient } = await wasim.pair(dir('carol'), { phone: carol });
    const group = await carolClient.sock.groupCreate('Before', [`${ours}@s.whatsapp.net`]);

    const listen = runClient(['listen', '--data', dir('wagw-info')]);
    await listen.waitFor('connected');
    await carolClient.sock.groupUpdateSubject(group.id, 'After');
    const renamed = await listen.waitFor('group_info', (e) => e.subject !== undefined);
    assert.equal(renamed.group, group.id);
    assert.equal(renamed.subject, 'After');
    assert.equal(renamed.description, undefined);
    assert.match(renamed.author, /@(lid|s\.whatsapp\.net)$/);

    await carolClient.sock.groupUpdateDescription(group.id, 'House rules');
    const described = await listen.waitFor('group_info', (e) => e.description === 'House rules');
    assert.equal(described.group, group.id);
    assert.equal(described.subject, undefined);
    await carolClient.sock.groupUpdateDescription(group.id, undefined);
    await listen.waitFor('group_info', (e) => e.description === '');
    assert.equal(await listen.stop(), 0);

    // And the other way: our client renames the group and describes it; Carol's Baileys sees both.
    const updates = [];
    carolClient.sock.ev.on('groups.update', (list) => updates.push(...list));
    const waitUpdate = (predicate, what) => withTimeout(new Promise((resolve) => {
        const t = setInterval(() => { const hit = updates.find(predicate); if (hit) { clearInterval(t); resolve(hit); } }, 20);
    }), 20000, what);
    for (const change of [['--subject', 'Renamed by wagw'], ['--description', 'Described by wagw']]) {
        const run = runBurstTool(wasim, dir('wagw-info'), ['--group', group.id, ...change]);
        await run.waitFor((e) => e.event === 'group_changed' || e.event === 'group_change_failed', `${change[0]} done`);
        assert.ok(run.events.some((e) => e.event === 'group_changed'), JSON.stringify(run.events.slice(-5)));
        assert.equal(await run.stop(), 0);
    }
    await waitUpdate((u) => u.id === group.id && u.subject === 'Renamed by wagw', 'Carol sees our subject');
    await waitUpdate((u) => u.id === group.id && u.desc === 'Described by wagw', 'Carol sees our description');

    // We leave: Carol is told, and the group no longer lists us.
    const removals = collect(carolClient.sock, 'group-participants.update');
    const leave = runClient(['group', 'leave', '--data', dir('wagw-info'), '--group', group.id]);
    assert.equal(await withTimeout(leave.exited, 30000, 'group leave'), 0, leave.stderr.join(''));
    const removal = await removals.wait((u) => u.id === group.id && u.action === 'remove', 'Carol hears that we left');
    assert.equal(removal.participants.length, 1, JSON.stringify(removal));
    const metadata = await carolClient.sock.groupMetadata(group.id);
    assert.deepEqual(metadata.participants.map((p) => p.phoneNumber ?? p.id).filter((j) => j.startsWith(ours)), [],
                     JSON.stringify(metadata.participants));
    assert.equal(metadata.participants.length, 1);
    carolClient.end();
});
