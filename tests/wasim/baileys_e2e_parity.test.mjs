// The scenarios of Baileys' own end-to-end suite (src/__tests__/e2e: messaging, groups, send-receive-message),
// written again here against the real wasim binary. Clients come up the way that suite's TestClient does: a fresh
// auth folder, the QR posted as a raw body to POST /admin/mock-phone/scan-qr over wss (the mock phone picks or
// creates the account), the 515 restart, then the login. wasim runs with --starter-group "Baileys Group Test", the
// fixture group the reference suite looks up with groupFetchAllParticipating. Media are generated here; what the
// clients download is compared byte for byte (SHA-256) with what was sent.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startWasim, withTimeout, baileysLib, collect, textOf, participantPn } from './wasim_harness.mjs';

const { jidNormalizedUser, downloadMediaMessage, downloadContentFromMessage, toBuffer, proto } = baileysLib;

assert.ok(process.env.WASIM_BIN, 'WASIM_BIN must point at the wasim binary');
// Media downloads go through Baileys' own fetch, which cannot be handed wasim's self-signed certificate; the
// reference suite runs with the same setting.
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

const STARTER_GROUP = 'Baileys Group Test';
const REVOKE = proto.Message.ProtocolMessage.Type.REVOKE;
const MESSAGE_EDIT = proto.Message.ProtocolMessage.Type.MESSAGE_EDIT;

let wasim;
const authRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'wasim-parity-auth-'));
const clients = [];

before(async () => { wasim = await startWasim({ args: ['--starter-group', STARTER_GROUP] }); });
after(async () => {
    for (const c of clients) c.end();
    await wasim?.stop();
    fs.rmSync(authRoot, { recursive: true, force: true });
});

const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');

// A client like the reference TestClient: its own JIDs, its events collected, optional fixture-group lookup.
async function connect(name, { resolveTestGroup = false } = {}) {
    const { client, scanned } = await wasim.pair(path.join(authRoot, `${name}-${crypto.randomUUID()}`), { pushName: name });
    const sock = client.sock;
    const c = {
        name, sock, end: client.end, phone: scanned.phone,
        meJid: jidNormalizedUser(sock.user.id),
        meLid: sock.user.lid,
        inbox: collect(sock, 'messages.upsert'),
        groupUpserts: collect(sock, 'groups.upsert'),
        groupJid: undefined
    };
    clients.push(c);
    if (resolveTestGroup) {
        const groups = await sock.groupFetchAllParticipating();
        c.groupJid = Object.values(groups).find((g) => g.subject === STARTER_GROUP)?.id;
    }
    return c;
}

// Baileys 7.0.0-rc13 does not put its push name into the registration payload (Baileys master does, and the
// mock-phone hook names the account after it); it tells the server its name with <presence name=…> once it
// learns it, which is what this triggers.
async function announceName(c) {
    c.sock.ev.emit('creds.update', { me: { ...c.sock.authState.creds.me, name: c.name } });
    await withTimeout((async () => {
        for (;;) {
            const account = await wasim.admin('GET', `/admin/accounts/${c.phone}`);
            if (account.body?.push_name === c.name) return;
            await new Promise((r) => setTimeout(r, 50));
        }
    })(), 10000, `wasim learns the push name of ${c.name}`);
}

const waitText = (c, text, remoteJid, ms) =>
    c.inbox.wait((m) => textOf(m) === text && (remoteJid === undefined || m.key.remoteJid === remoteJid), `"${text}"`, ms);

async function absent(c, predicate, ms) {
    await new Promise((r) => setTimeout(r, ms));
    assert.ok(!c.inbox.seen.some(predicate), `${c.name} must not receive it`);
}

async function downloadBuffer(c, msg) {
    return downloadMediaMessage(msg, 'buffer', {}, { logger: c.sock.logger, reuploadRequest: (m) => c.sock.updateMediaMessage(m) });
}

describe('messaging (DM)', () => {
    let alice, bob;
    before(async () => {
        alice = await connect('alice-dm');
        bob = await connect('bob-dm');
    });

    test('alice sends a text message to bob', async () => {
        const text = `Hello Bob ${Date.now()}`;
        await alice.sock.sendMessage(bob.meJid, { text });
        const msg = await waitText(bob, text);
        assert.equal(msg.key.fromMe, false);
    });

    test('alice and bob exchange messages bidirectionally', async () => {
        const fromAlice = `Hello Bob, this is Alice ${Date.now()}`;
        await alice.sock.sendMessage(bob.meJid, { text: fromAlice });
        await waitText(bob, fromAlice);
        const fromBob = `Hello Alice, this is Bob ${Date.now()}`;
        await bob.sock.sendMessage(alice.meJid, { text: fromBob });
        await waitText(alice, fromBob);
    });

    test('alice revokes a sent message and bob receives the protocol message', async () => {
        const text = `This will be revoked ${Date.now()}`;
        const sent = await alice.sock.sendMessage(bob.meJid, { text });
        await waitText(bob, text);
        await alice.sock.sendMessage(bob.meJid, { delete: sent.key });
        const revoke = await bob.inbox.wait((m) => m.message?.protocolMessage?.type === REVOKE &&
                                                   m.message.protocolMessage.key?.id === sent.key.id, 'the revoke');
        assert.equal(revoke.key.fromMe, false);
    });

    test('received message carries the sender push name', async () => {
        await announceName(alice);
        const text = `Hello with push name ${Date.now()}`;
        await alice.sock.sendMessage(bob.meJid, { text });
        const msg = await waitText(bob, text);
        assert.equal(msg.pushName, alice.name);
    });
});

describe('groups', () => {
    let alice, bob, charlie;
    before(async () => {
        alice = await connect('alice-g');
        bob = await connect('bob-g');
        charlie = await connect('charlie-g');
    });

    // Creates a group and waits until every member's client has it (groups.upsert), as the reference does.
    async function createGroup(subject, members) {
        const unique = `${subject}-${Date.now()}`;
        const { id } = await alice.sock.groupCreate(unique, members.map((m) => m.meJid));
        await Promise.all(members.map((m) => m.groupUpserts.wait((g) => g.subject === unique, `${m.name} sees ${unique}`)));
        return id;
    }

    test('alice creates a group, sends a message, adds charlie, and everyone receives subsequent messages', async () => {
        const groupJid = await createGroup('E2E Test Group', [bob]);
        const text1 = `Hello group from A ${Date.now()}`;
        await alice.sock.sendMessage(groupJid, { text: text1 });
        await waitText(bob, text1, groupJid);

        const added = await alice.sock.groupParticipantsUpdate(groupJid, [charlie.meJid], 'add');
        assert.equal(added[0]?.status, '200');
        await charlie.groupUpserts.wait((g) => g.id === groupJid, 'charlie sees the group he was added to');

        const text2 = `Welcome C ${Date.now()}`;
        await alice.sock.sendMessage(groupJid, { text: text2 });
        await Promise.all([waitText(bob, text2, groupJid), waitText(charlie, text2, groupJid)]);

        const text3 = `B says hi ${Date.now()}`;
        await bob.sock.sendMessage(groupJid, { text: text3 });
        await Promise.all([waitText(alice, text3, groupJid), waitText(charlie, text3, groupJid)]);
    });

    test('alice removes charlie from a group', async () => {
        const groupJid = await createGroup('Remove Test Group', [bob, charlie]);
        const removed = await alice.sock.groupParticipantsUpdate(groupJid, [charlie.meJid], 'remove');
        assert.equal(removed[0]?.status, '200');
        const text = `After remove ${Date.now()}`;
        await alice.sock.sendMessage(groupJid, { text });
        await waitText(bob, text, groupJid);
        await absent(charlie, (m) => textOf(m) === text, 1500);
    });

    test('alice promotes bob to admin and demotes back', async () => {
        const groupJid = await createGroup('Promote Test Group', [bob]);
        const promoted = await alice.sock.groupParticipantsUpdate(groupJid, [bob.meJid], 'promote');
        assert.equal(promoted[0]?.status, '200');
        assert.equal((await bob.sock.groupMetadata(groupJid)).participants.find((p) => participantPn(p) === bob.meJid)?.admin, 'admin');
        const demoted = await alice.sock.groupParticipantsUpdate(groupJid, [bob.meJid], 'demote');
        assert.equal(demoted[0]?.status, '200');
        assert.equal((await bob.sock.groupMetadata(groupJid)).participants.find((p) => participantPn(p) === bob.meJid)?.admin, null);
    });

    test('groupMetadata reflects fresh participant list after an add', async () => {
        const groupJid = await createGroup('Cache Test Group', [bob]);
        assert.equal((await alice.sock.groupMetadata(groupJid)).participants.length, 2);
        const added = await alice.sock.groupParticipantsUpdate(groupJid, [charlie.meJid], 'add');
        assert.equal(added[0]?.status, '200');
        assert.equal((await alice.sock.groupMetadata(groupJid)).participants.length, 3);
    });
});

describe('send and receive (messages to oneself)', () => {
    let tc;
    const image = crypto.randomBytes(40_000);
    const video = crypto.randomBytes(120_000);
    const audio = crypto.randomBytes(30_000);
    const pdf = crypto.randomBytes(25_000);
    before(async () => { tc = await connect('self', { resolveTestGroup: true }); });

    const own = (predicate, what) => tc.inbox.wait(predicate, what);

    test('should send a message', async () => {
        const text = `E2E Test Message ${Date.now()}`;
        const sent = await tc.sock.sendMessage(tc.meJid, { text });
        assert.ok(sent.key.id);
        assert.equal(textOf(sent), text);
    });

    test('should edit a message', async () => {
        const sent = await tc.sock.sendMessage(tc.meJid, { text: `E2E Test Message to Edit ${Date.now()}` });
        const newText = `E2E Edited Message ${Date.now()}`;
        const edited = await tc.sock.sendMessage(tc.meJid, { text: newText, edit: sent.key });
        assert.equal(edited.message.protocolMessage.type, MESSAGE_EDIT);
        const content = edited.message.protocolMessage.editedMessage;
        assert.equal(content.extendedTextMessage?.text ?? content.conversation, newText);
    });

    test('should react to a message and remove the reaction', async () => {
        const sent = await tc.sock.sendMessage(tc.meJid, { text: `E2E Test React ${Date.now()}` });
        const reaction = await tc.sock.sendMessage(tc.meJid, { react: { text: '👍', key: sent.key } });
        assert.equal(reaction.message.reactionMessage.text, '👍');
        assert.equal(reaction.message.reactionMessage.key.id, sent.key.id);
        const removed = await tc.sock.sendMessage(tc.meJid, { react: { text: '', key: sent.key } });
        assert.equal(removed.message.reactionMessage.text, '');
        assert.equal(removed.message.reactionMessage.key.id, sent.key.id);
    });

    test('should delete a message', async () => {
        const sent = await tc.sock.sendMessage(tc.meJid, { text: `E2E Test Delete ${Date.now()}` });
        const del = await tc.sock.sendMessage(tc.meJid, { delete: sent.key });
        assert.equal(del.message.protocolMessage.type, REVOKE);
        assert.equal(del.message.protocolMessage.key.id, sent.key.id);
    });

    test('should forward a message', async () => {
        const text = `E2E Test Forward ${Date.now()}`;
        const sent = await tc.sock.sendMessage(tc.meJid, { text });
        const forwarded = await tc.sock.sendMessage(tc.meJid, { forward: sent });
        assert.equal(textOf(forwarded), text);
        assert.notEqual(forwarded.key.id, sent.key.id);
    });

    test('should send image, video, PTT, document, sticker, poll and contact messages', async () => {
        const img = await tc.sock.sendMessage(tc.meJid, { image, caption: 'E2E Test Image' });
        assert.equal(img.message.imageMessage.caption, 'E2E Test Image');
        const vid = await tc.sock.sendMessage(tc.meJid, { video, caption: 'E2E Test Video' });
        assert.equal(vid.message.videoMessage.caption, 'E2E Test Video');
        const ptt = await tc.sock.sendMessage(tc.meJid, { audio, ptt: true, mimetype: 'audio/mp4' });
        assert.equal(ptt.message.audioMessage.ptt, true);
        const doc = await tc.sock.sendMessage(tc.meJid, { document: pdf, mimetype: 'application/pdf', fileName: 'E2E Test Document.pdf' });
        assert.equal(doc.message.documentMessage.fileName, 'E2E Test Document.pdf');
        const sticker = await tc.sock.sendMessage(tc.meJid, { sticker: image });
        assert.ok(sticker.message.stickerMessage);
        const poll = await tc.sock.sendMessage(tc.meJid,
            { poll: { name: 'E2E Test Poll', values: ['Option 1', 'Option 2', 'Option 3'], selectableCount: 1 } });
        assert.equal((poll.message.pollCreationMessageV3 ?? poll.message.pollCreationMessage).name, 'E2E Test Poll');
        const vcard = ['BEGIN:VCARD', 'VERSION:3.0', 'FN:E2E Test Contact', 'ORG:Baileys Tests;',
                       'TEL;type=CELL;type=VOICE;waid=1234567890:+1 234-567-890', 'END:VCARD'].join('\n');
        const contact = await tc.sock.sendMessage(tc.meJid, { contacts: { displayName: 'E2E Test Contact', contacts: [{ vcard }] } });
        assert.match(contact.message.contactMessage.vcard, /FN:E2E Test Contact/);
        // Every upload landed in wasim's media store, and each one downloads to the bytes that were sent.
        for (const [msg, original] of [[img, image], [vid, video], [ptt, audio], [doc, pdf], [sticker, image]])
            assert.equal(sha256(await downloadBuffer(tc, msg)), sha256(original));
    });

    test('should send and download an image message, by PN and via LID', async () => {
        for (const to of [tc.meJid, tc.meLid]) {
            assert.ok(to, 'the client knows its LID');
            const caption = `E2E Test Image Download ${to}`;
            const received = own((m) => m.message?.imageMessage?.caption === caption, caption);
            await tc.sock.sendMessage(to, { image, caption });
            const buffer = await downloadBuffer(tc, await received);
            assert.equal(sha256(buffer), sha256(image));
        }
    });

    test('should send and download an image using the low-level downloadContentFromMessage', async () => {
        const caption = 'E2E Test Low-Level Download';
        const received = own((m) => m.message?.imageMessage?.caption === caption, caption);
        await tc.sock.sendMessage(tc.meJid, { image, caption });
        const { url, mediaKey, directPath } = (await received).message.imageMessage;
        const buffer = await toBuffer(await downloadContentFromMessage({ url, mediaKey, directPath }, 'image', {}));
        assert.equal(sha256(buffer), sha256(image));
    });

    test('should download a quoted image message using downloadContentFromMessage', async () => {
        const caption = 'This is the original media message';
        const imageReceived = own((m) => m.message?.imageMessage?.caption === caption, caption);
        const sentImage = await tc.sock.sendMessage(tc.meJid, { image, caption });
        await imageReceived;
        const command = `-download ${Date.now()}`;
        const commandReceived = waitText(tc, command);
        await tc.sock.sendMessage(tc.meJid, { text: command }, { quoted: sentImage });
        const quoted = (await commandReceived).message.extendedTextMessage.contextInfo.quotedMessage;
        const { url, mediaKey, directPath } = quoted.imageMessage;
        const buffer = await toBuffer(await downloadContentFromMessage({ url, mediaKey, directPath }, 'image', {}));
        assert.equal(sha256(buffer), sha256(image));
    });

    test('should download a quoted video message within the "Baileys Group Test" group', async () => {
        assert.match(tc.groupJid ?? '', /@g\.us$/, 'the fixture group is found through groupFetchAllParticipating');
        const caption = 'This is the original media message for the group test';
        const videoReceived = own((m) => m.key.remoteJid === tc.groupJid && m.message?.videoMessage?.caption === caption, caption);
        const sentVideo = await tc.sock.sendMessage(tc.groupJid, { video, caption });
        await videoReceived;
        const command = `-download group ${Date.now()}`;
        const commandReceived = waitText(tc, command, tc.groupJid);
        await tc.sock.sendMessage(tc.groupJid, { text: command }, { quoted: sentVideo });
        const quoted = (await commandReceived).message.extendedTextMessage.contextInfo.quotedMessage;
        const { url, mediaKey, directPath } = quoted.videoMessage;
        const buffer = await toBuffer(await downloadContentFromMessage({ url, mediaKey, directPath }, 'video', {}));
        assert.equal(sha256(buffer), sha256(video));
    });
});
