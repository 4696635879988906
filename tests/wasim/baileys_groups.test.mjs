// Three unmodified Baileys clients in a group on the real wasim binary: create, message (sender-key fan-out), remove
// and re-add a member with notifications, everyone receiving exactly what they should; subject and description
// changes, invite codes, leaving, and groups surviving a wasim restart (wasim.db). The groups are LID- or
// PN-addressed as the run says (GROUP_ADDRESSING, tests/wasim/CMakeLists.txt).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startWasim, collect, sentStatuses, WAMessageStatus, textOf, IS_BAILEYS6, GROUP_ADDRESSING, participantPn, subjectOwnerPn } from './wasim_harness.mjs';

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
             changes: collect(client.sock, 'group-participants.update'), upserts: collect(client.sock, 'groups.upsert'),
             updates: collect(client.sock, 'groups.update'), authDir: path.join(authRoot, name), phone };
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
    // Members are named the group's way, and each one's phone number is known either way.
    if (!IS_BAILEYS6) assert.equal(fetched.addressingMode, GROUP_ADDRESSING);  // Baileys 6 does not report it
    const server = GROUP_ADDRESSING === 'pn' ? '@s.whatsapp.net' : '@lid';
    assert.ok(fetched.participants.every((p) => p.id.endsWith(server)), JSON.stringify(fetched.participants));
    assert.deepEqual(fetched.participants.map(participantPn).sort(), [nia.jid, oto.jid, pam.jid].sort());
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
    // The added member is handed the whole group (a <create> notification): Baileys reports it as groups.upsert.
    await pam.upserts.wait((g) => g.id === group.id && g.participants.length === 3, 'Pam gets the group she was added to');
    await oto.changes.wait((u) => u.action === 'add', 'Oto hears Pam was added');
    await pam.client.sock.sendMessage(group.id, { text: 'pam is back' });
    for (const m of [nia, oto]) await m.inbox.wait((x) => textOf(x) === 'pam is back' && !x.key.fromMe, 'Pam\'s text');

    // Only admins change members.
    const refused = await oto.client.sock.groupParticipantsUpdate(group.id, [pam.jid], 'remove').catch((e) => e);
    assert.ok(refused instanceof Error, 'a plain member cannot remove others');
    for (const m of [nia, oto, pam]) m.client.end();
});

test('subject and description changes reach every member and show in the metadata', async () => {
    const ada = await member('15550003011', 'ada');
    const bo = await member('15550003012', 'bo');
    const group = await ada.client.sock.groupCreate('first subject', [bo.jid]);
    await bo.upserts.wait((g) => g.id === group.id, 'Bo gets the new group');

    await bo.client.sock.groupUpdateSubject(group.id, 'second subject');  // any member may
    const renamed = await ada.updates.wait((u) => u.id === group.id && u.subject === 'second subject', 'Ada hears the subject');
    assert.ok(renamed.author, JSON.stringify(renamed));
    await ada.client.sock.groupUpdateDescription(group.id, 'what this group is for');
    await bo.updates.wait((u) => u.id === group.id && u.desc === 'what this group is for', 'Bo hears the description');
    let meta = await bo.client.sock.groupMetadata(group.id);
    assert.equal(meta.subject, 'second subject');
    assert.equal(meta.desc, 'what this group is for');
    assert.ok(meta.descId);
    assert.equal(subjectOwnerPn(meta), bo.jid);

    // An edit names the description it replaces (Baileys fetches it first); a stale one is refused.
    await bo.client.sock.groupUpdateDescription(group.id, 'second description');
    meta = await ada.client.sock.groupMetadata(group.id);
    assert.equal(meta.desc, 'second description');
    const stale = await ada.client.sock.query({ tag: 'iq', attrs: { to: group.id, type: 'set', xmlns: 'w:g2' },
        content: [{ tag: 'description', attrs: { id: 'X1', prev: 'not-the-current-id' },
                    content: [{ tag: 'body', attrs: {}, content: Buffer.from('lost update') }] }] }).catch((e) => e);
    assert.equal(stale?.data, 409, String(stale));  // Baileys puts the <error code> in Boom's data
    await ada.client.sock.groupUpdateDescription(group.id, undefined);  // delete
    meta = await bo.client.sock.groupMetadata(group.id);
    assert.equal(meta.desc, undefined);
    for (const m of [ada, bo]) m.client.end();
});

test('invite codes: an admin gets one, a stranger joins with it, a revoke makes it useless', async () => {
    const cy = await member('15550003021', 'cy');
    const di = await member('15550003022', 'di');
    const ed = await member('15550003023', 'ed');
    const group = await cy.client.sock.groupCreate('invite only', [di.jid]);
    await di.upserts.wait((g) => g.id === group.id, 'Di gets the group');

    const refused = await di.client.sock.groupInviteCode(group.id).catch((e) => e);
    assert.ok(refused instanceof Error, 'a plain member gets no invite code');
    const code = await cy.client.sock.groupInviteCode(group.id);
    assert.match(code, /^[A-Za-z0-9]{22}$/);
    assert.equal(await cy.client.sock.groupInviteCode(group.id), code, 'the code stays until revoked');
    const info = await ed.client.sock.groupGetInviteInfo(code);
    assert.equal(info.id, group.id);
    assert.equal(info.subject, 'invite only');

    const joined = await ed.client.sock.groupAcceptInvite(code);
    assert.equal(joined, group.id);
    await cy.changes.wait((u) => u.id === group.id && u.action === 'add', 'Cy hears Ed joined');
    assert.equal((await cy.client.sock.groupMetadata(group.id)).participants.length, 3);
    await cy.client.sock.sendMessage(group.id, { text: 'welcome ed' });
    await ed.inbox.wait((x) => textOf(x) === 'welcome ed', 'Ed gets group messages');

    const fresh = await cy.client.sock.groupRevokeInvite(group.id);
    assert.ok(fresh && fresh !== code, 'a revoke hands out a new code');
    await di.updates.wait((u) => u.id === group.id && u.inviteCode === fresh, 'members hear about the new link');
    const dead = await di.client.sock.groupAcceptInvite(code).catch((e) => e);
    assert.ok(dead instanceof Error, 'the old code no longer works');
    for (const m of [cy, di, ed]) m.client.end();
});

test('leaving a group: members hear it, the leaver gets nothing more and no longer sees the group', async () => {
    const fay = await member('15550003031', 'fay');
    const gus = await member('15550003032', 'gus');
    const hal = await member('15550003033', 'hal');
    const group = await fay.client.sock.groupCreate('short stay', [gus.jid, hal.jid]);
    await hal.upserts.wait((g) => g.id === group.id, 'Hal gets the group');

    await hal.client.sock.groupLeave(group.id);
    const left = await fay.changes.wait((u) => u.id === group.id && u.action === 'remove', 'Fay hears Hal left');
    assert.equal(left.participants.length, 1);
    assert.equal((await gus.client.sock.groupMetadata(group.id)).participants.length, 2);
    assert.ok(!(await hal.client.sock.groupFetchAllParticipating())[group.id], 'the leaver no longer lists the group');

    await fay.client.sock.sendMessage(group.id, { text: 'after hal left' });
    await gus.inbox.wait((x) => textOf(x) === 'after hal left', 'Gus still gets messages');
    await new Promise((r) => setTimeout(r, 500));
    assert.ok(!hal.inbox.seen.some((x) => textOf(x) === 'after hal left'), 'the leaver gets nothing');
    for (const m of [fay, gus, hal]) m.client.end();
});

test('groups survive a wasim restart (wasim.db): members, roles, subject, description, settings and invite code', async () => {
    const ivy = await member('15550003041', 'ivy');
    const jon = await member('15550003042', 'jon');
    const group = await ivy.client.sock.groupCreate('durable', [jon.jid]);
    await jon.upserts.wait((g) => g.id === group.id, 'Jon gets the group');
    await ivy.client.sock.groupParticipantsUpdate(group.id, [jon.jid], 'promote');
    await ivy.client.sock.groupUpdateDescription(group.id, 'kept on disk');
    const code = await ivy.client.sock.groupInviteCode(group.id);
    await ivy.client.sock.groupSettingUpdate(group.id, 'locked');

    await wasim.restart();
    const ivyAgain = await wasim.baileys(ivy.authDir);
    await ivyAgain.open();
    const jonAgain = await wasim.baileys(jon.authDir);
    await jonAgain.open();
    const meta = await jonAgain.sock.groupMetadata(group.id);
    assert.equal(meta.subject, 'durable');
    assert.equal(meta.desc, 'kept on disk');
    assert.equal(meta.restrict, true);
    assert.equal(meta.participants.length, 2);
    assert.equal(meta.participants.find((p) => participantPn(p) === jon.jid)?.admin, 'admin');
    assert.equal(meta.participants.find((p) => participantPn(p) === ivy.jid)?.admin, 'superadmin');
    assert.ok((await ivyAgain.sock.groupFetchAllParticipating())[group.id]);
    assert.equal(await ivyAgain.sock.groupInviteCode(group.id), code);

    const jonInbox = collect(jonAgain.sock, 'messages.upsert');
    await ivyAgain.sock.sendMessage(group.id, { text: 'still here after the restart' });
    await jonInbox.wait((x) => textOf(x) === 'still here after the restart', 'Jon gets the group message');
    ivyAgain.end();
    jonAgain.end();
});

test('admin-only settings: announcement, locked, disappearing messages and who may add', async () => {
    const kit = await member('15550003051', 'kit');
    const lou = await member('15550003052', 'lou');
    const max = await member('15550003053', 'max');
    const group = await kit.client.sock.groupCreate('settings', [lou.jid]);
    await lou.upserts.wait((g) => g.id === group.id, 'Lou gets the group');
    const louStatuses = sentStatuses(lou.client.sock);

    const notAdmin = await lou.client.sock.groupSettingUpdate(group.id, 'announcement').catch((e) => e);
    assert.equal(notAdmin?.data, 403, 'a plain member cannot change settings');

    await kit.client.sock.groupSettingUpdate(group.id, 'announcement');
    await lou.updates.wait((u) => u.id === group.id && u.announce === true, 'Lou hears only admins may send');
    const muted = await lou.client.sock.sendMessage(group.id, { text: 'can anyone hear me' });
    await louStatuses.wait(muted.key.id, WAMessageStatus.ERROR, 'Lou\'s send is refused (status ERROR)');
    await kit.client.sock.sendMessage(group.id, { text: 'admins only now' });
    await lou.inbox.wait((x) => textOf(x) === 'admins only now', 'Lou still receives');
    assert.ok(!kit.inbox.seen.some((x) => textOf(x) === 'can anyone hear me'), 'the refused message reached nobody');
    await kit.client.sock.groupSettingUpdate(group.id, 'not_announcement');
    await lou.updates.wait((u) => u.id === group.id && u.announce === false, 'Lou may speak again');

    await kit.client.sock.groupSettingUpdate(group.id, 'locked');
    await lou.updates.wait((u) => u.id === group.id && u.restrict === true, 'Lou hears the group is locked');
    const locked = await lou.client.sock.groupUpdateSubject(group.id, 'renamed by lou').catch((e) => e);
    assert.equal(locked?.data, 403, 'a locked group\'s subject is for admins');
    await kit.client.sock.groupSettingUpdate(group.id, 'unlocked');
    await lou.client.sock.groupUpdateSubject(group.id, 'renamed by lou');

    await kit.client.sock.groupToggleEphemeral(group.id, 86400);
    assert.equal((await lou.client.sock.groupMetadata(group.id)).ephemeralDuration, 86400);
    await kit.client.sock.groupToggleEphemeral(group.id, 0);
    assert.equal((await lou.client.sock.groupMetadata(group.id)).ephemeralDuration, undefined);

    const refusedAdd = await lou.client.sock.groupParticipantsUpdate(group.id, [max.jid], 'add').catch((e) => e);
    assert.ok(refusedAdd instanceof Error, 'by default only admins add');
    await kit.client.sock.groupMemberAddMode(group.id, 'all_member_add');
    const meta = await lou.client.sock.groupMetadata(group.id);
    assert.equal(meta.memberAddMode, true);
    assert.equal(meta.subject, 'renamed by lou');
    const added = await lou.client.sock.groupParticipantsUpdate(group.id, [max.jid], 'add');
    assert.equal(added[0].status, '200');
    await max.upserts.wait((g) => g.id === group.id, 'Max gets the group Lou added him to');
    for (const m of [kit, lou, max]) m.client.end();
});

test('the control API sets the addressing of groups created afterwards; earlier groups keep theirs', async () => {
    const other = GROUP_ADDRESSING === 'pn' ? 'lid' : 'pn';
    const serverOf = { pn: '@s.whatsapp.net', lid: '@lid' };
    const nat = await member('15550003061', 'nat');
    const earlier = await nat.client.sock.groupCreate('made before', []);
    assert.deepEqual((await wasim.admin('GET', '/admin/group-addressing')).body, { addressing: GROUP_ADDRESSING });
    const set = await wasim.admin('PUT', '/admin/group-addressing', { addressing: other });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    try {
        const later = await nat.client.sock.groupCreate('made after', []);
        assert.ok(later.participants[0].id.endsWith(serverOf[other]), JSON.stringify(later.participants));
        const kept = await nat.client.sock.groupMetadata(earlier.id);
        assert.ok(kept.participants[0].id.endsWith(serverOf[GROUP_ADDRESSING]), JSON.stringify(kept.participants));
        assert.equal((await wasim.admin('PUT', '/admin/group-addressing', { addressing: 'PN' })).status, 400);
    } finally {
        await wasim.admin('PUT', '/admin/group-addressing', { addressing: GROUP_ADDRESSING });
    }
    nat.client.end();
});
