// Three unmodified Baileys 7.0.0-rc13 clients in a group on the real wasim binary: create, message (sender-key
// fan-out), remove and re-add a member with notifications, everyone receiving exactly what they should.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startWasim, withTimeout, collect, textOf } from './wasim_harness.mjs';

assert.ok(process.env.WASIM_BIN, 'WASIM_BIN must point at the wasim binary');

let wasim;
const authRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'wasim-group-auth-'));

before(async () => { wasim = await startWasim(); });
after(async () => {
    await wasim?.stop();
    fs.rmSync(authRoot, { recursive: true, force: true });
});

async function member(phone, name) {
    await wasim.admin('POST', '/admin/accounts', { phone, push_name: name });
    const { client } = await wasim.pair(path.join(authRoot, name), { phone });
    return { client, jid: `${phone}@s.whatsapp.net`, inbox: collect(client.sock, 'messages.upsert'),
             changes: collect(client.sock, 'group-participants.update') };
}

test('a group of three: create, message, remove and re-add a member', async () => {
    const nia = await member('15550003001', 'nia');
    const oto = await member('15550003002', 'oto');
    const pam = await member('15550003003', 'pam');

    const group = await nia.client.sock.groupCreate('wasim group', [oto.jid, pam.jid]);
    assert.match(group.id, /^120363\d+@g\.us$/);
    assert.equal(group.subject, 'wasim group');
    assert.equal(group.participants.length, 3);
    const fetched = await oto.client.sock.groupMetadata(group.id);
    assert.equal(fetched.participants.length, 3);
    const participating = await pam.client.sock.groupFetchAllParticipating();
    assert.ok(participating[group.id], JSON.stringify(Object.keys(participating)));

    await nia.client.sock.sendMessage(group.id, { text: 'hello group' });
    for (const m of [oto, pam]) {
        const got = await m.inbox.wait((x) => textOf(x) === 'hello group', 'group text');
        assert.equal(got.key.remoteJid, group.id);
        assert.ok(got.key.participant, JSON.stringify(got.key));
    }

    const removed = await nia.client.sock.groupParticipantsUpdate(group.id, [pam.jid], 'remove');
    assert.equal(removed[0].status, '200', JSON.stringify(removed));
    await pam.changes.wait((u) => u.action === 'remove', 'Pam hears she was removed');
    await nia.client.sock.sendMessage(group.id, { text: 'without pam' });
    await oto.inbox.wait((x) => textOf(x) === 'without pam', 'Oto gets the second text');
    await new Promise((r) => setTimeout(r, 500));
    assert.ok(!pam.inbox.seen.some((x) => textOf(x) === 'without pam'), 'a removed member gets nothing');

    const added = await nia.client.sock.groupParticipantsUpdate(group.id, [pam.jid], 'add');
    assert.equal(added[0].status, '200', JSON.stringify(added));
    await pam.changes.wait((u) => u.action === 'add', 'Pam hears she was added');
    await pam.client.sock.sendMessage(group.id, { text: 'pam is back' });
    for (const m of [nia, oto]) await m.inbox.wait((x) => textOf(x) === 'pam is back' && !x.key.fromMe, 'Pam\'s text');

    // Only admins change members.
    const refused = await oto.client.sock.groupParticipantsUpdate(group.id, [pam.jid], 'remove').catch((e) => e);
    assert.ok(refused instanceof Error, 'a plain member cannot remove others');
    for (const m of [nia, oto, pam]) m.client.end();
});
