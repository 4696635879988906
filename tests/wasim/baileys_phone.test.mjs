// A virtual phone (device 0 of a wasim account, with its own Signal identity) and an unmodified Baileys client
// linked to another account exchange E2E messages: the phone decrypts what Baileys sends (control API inbox),
// answers with delivery receipts on its own and read receipts when told, and sends text and reactions that
// Baileys decrypts; what it sends also reaches the Baileys companions of its own account, as their own messages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { startWasim, withTimeout, collect, sentStatuses, WAMessageStatus, textOf, baileysLib } from './wasim_harness.mjs';

const { downloadMediaMessage } = baileysLib;

assert.ok(process.env.WASIM_BIN, 'WASIM_BIN must point at the wasim binary');
// Baileys downloads media with its own fetch, which cannot be handed wasim's self-signed certificate.
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

let wasim;
const authRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'wasim-phone-auth-'));

before(async () => { wasim = await startWasim(); });
after(async () => {
    await wasim?.stop();
    fs.rmSync(authRoot, { recursive: true, force: true });
});

// Polls the phone's inbox until an entry matches.
async function phoneReceives(phone, predicate, what, ms = 30000) {
    return withTimeout((async () => {
        for (;;) {
            const inbox = await wasim.admin('GET', `/admin/accounts/${phone}/messages`);
            const hit = inbox.body.find(predicate);
            if (hit) return hit;
            await new Promise((r) => setTimeout(r, 100));
        }
    })(), ms, what);
}

const { DELIVERY_ACK, READ } = WAMessageStatus;

test('a virtual phone and a Baileys client exchange text, receipts and reactions', async () => {
    const phone = '15550007001';
    const phoneJid = `${phone}@s.whatsapp.net`;
    assert.equal((await wasim.admin('POST', '/admin/accounts', { phone, push_name: 'phone paula' })).status, 201);
    await wasim.admin('POST', '/admin/accounts', { phone: '15550007002', push_name: 'quinn' });
    // Without a history sync to wait for, Baileys goes online at once instead of buffering events for 20 s
    // (buffered receipts are folded into the message and never show up as messages.update).
    const { client: quinn } = await wasim.pair(path.join(authRoot, 'quinn'),
                                               { phone: '15550007002', options: { shouldSyncHistoryMessage: () => false } });
    const statuses = sentStatuses(quinn.sock);
    const inbox = collect(quinn.sock, 'messages.upsert');
    const receipts = [];
    quinn.sock.ws.on('CB:receipt', (node) => receipts.push(node.attrs));

    // Baileys -> phone: decrypted in the phone's inbox, delivered automatically, read when told.
    const sent = await quinn.sock.sendMessage(phoneJid, { text: 'hello paula' });
    const got = await phoneReceives(phone, (m) => m.id === sent.key.id, 'the phone receives the text');
    assert.equal(got.decrypted, true, JSON.stringify(got));
    assert.equal(got.kind, 'text');
    assert.equal(got.text, 'hello paula');
    assert.equal(got.from_phone, '15550007002');
    await statuses.wait(sent.key.id, DELIVERY_ACK, 'delivery receipt from the phone');
    const read = await wasim.admin('POST', `/admin/accounts/${phone}/read`, { ids: [sent.key.id] });
    assert.equal(read.status, 200, JSON.stringify(read.body));
    // Baileys turns the phone's read receipt into its own status for the message it sent.
    await statuses.wait(sent.key.id, READ, 'READ status for the message the phone read', 10000);
    assert.ok(receipts.some((r) => r.id === sent.key.id && r.type === 'read' && r.from === phoneJid), JSON.stringify(receipts));

    // Phone -> Baileys: a new session from Quinn's published bundle (pkmsg), then the same session (msg).
    for (const text of ['hi quinn, from the phone', 'and a second one']) {
        const reply = await wasim.admin('POST', `/admin/accounts/${phone}/messages`, { to: '15550007002', text });
        assert.equal(reply.status, 201, JSON.stringify(reply.body));
        const arrived = await inbox.wait((m) => m.key.id === reply.body.id, `Quinn receives "${text}"`);
        assert.equal(textOf(arrived), text);
        assert.equal(arrived.key.fromMe, false);
    }

    // Reactions both ways.
    const reaction = await wasim.admin('POST', `/admin/accounts/${phone}/messages`,
                                       { to: '15550007002', reaction: { id: sent.key.id, emoji: '👍', from_me: false } });
    assert.equal(reaction.status, 201, JSON.stringify(reaction.body));
    const reacted = await inbox.wait((m) => m.message?.reactionMessage?.text === '👍', 'Quinn sees the phone\'s reaction');
    assert.equal(reacted.message.reactionMessage.key.id, sent.key.id);
    const own = inbox.seen.find((m) => textOf(m) === 'and a second one');
    await quinn.sock.sendMessage(phoneJid, { react: { text: '🎉', key: own.key } });
    const back = await phoneReceives(phone, (m) => m.kind === 'reaction', 'the phone receives the reaction');
    assert.equal(back.text, '🎉');
    assert.equal(back.target_id, own.key.id);
    quinn.end();
});

test('a virtual phone sends a photo, a voice note and a document that Baileys downloads intact', async () => {
    const phone = '15550007003';
    await wasim.admin('POST', '/admin/accounts', { phone, push_name: 'phone rita' });
    await wasim.admin('POST', '/admin/accounts', { phone: '15550007004', push_name: 'sam' });
    const { client: sam } = await wasim.pair(path.join(authRoot, 'sam'),
                                             { phone: '15550007004', options: { shouldSyncHistoryMessage: () => false } });
    const inbox = collect(sam.sock, 'messages.upsert');
    const cases = [
        { media: { type: 'image', mimetype: 'image/jpeg', caption: 'from the phone' }, field: 'imageMessage', bytes: 60_000 },
        { media: { type: 'audio', mimetype: 'audio/ogg; codecs=opus', ptt: true }, field: 'audioMessage', bytes: 15_000 },
        { media: { type: 'document', mimetype: 'application/pdf', file_name: 'phone.pdf' }, field: 'documentMessage', bytes: 33_333 }
    ];
    for (const { media, field, bytes } of cases) {
        const file = crypto.randomBytes(bytes);
        const sent = await wasim.admin('POST', `/admin/accounts/${phone}/messages`,
                                       { to: '15550007004', media: { ...media, data_base64: file.toString('base64') } });
        assert.equal(sent.status, 201, JSON.stringify(sent.body));
        const arrived = await inbox.wait((m) => m.key.id === sent.body.id, `Sam receives the ${media.type}`);
        const content = arrived.message[field];
        assert.ok(content, JSON.stringify(arrived.message));
        assert.equal(arrived.key.fromMe, false);
        assert.equal(content.mimetype, media.mimetype);
        if (media.caption) assert.equal(content.caption, media.caption);
        if (media.ptt) assert.equal(content.ptt, true);
        if (media.file_name) assert.equal(content.fileName, media.file_name);
        const downloaded = await downloadMediaMessage(arrived, 'buffer', {},
            { logger: sam.sock.logger, reuploadRequest: (m) => sam.sock.updateMediaMessage(m) });
        assert.equal(crypto.createHash('sha256').update(downloaded).digest('hex'), crypto.createHash('sha256').update(file).digest('hex'));
    }
    // A malformed request is refused before anything is sent.
    const refused = await wasim.admin('POST', `/admin/accounts/${phone}/messages`,
                                      { to: '15550007004', media: { type: 'hologram', mimetype: 'x/y', data_base64: 'AAAA' } });
    assert.equal(refused.status, 400, JSON.stringify(refused.body));
    sam.end();
});

test('what the virtual phone sends reaches its own Baileys companion as sent by the account, and the peer once', async () => {
    const phone = '15550007005';
    const peer = '15550007006';
    const peerJid = `${peer}@s.whatsapp.net`;
    await wasim.admin('POST', '/admin/accounts', { phone, push_name: 'phone tara' });
    await wasim.admin('POST', '/admin/accounts', { phone: peer, push_name: 'uri' });
    const options = { shouldSyncHistoryMessage: () => false };
    const { client: companion } = await wasim.pair(path.join(authRoot, 'tara-companion'), { phone, options });
    const { client: uri } = await wasim.pair(path.join(authRoot, 'uri'), { phone: peer, options });
    const own = collect(companion.sock, 'messages.upsert');
    const inbox = collect(uri.sock, 'messages.upsert');

    // The first copy starts a session from the companion's bundle or continues the one the phone's welcome
    // opened; the second goes over the same session.
    const ids = [];
    for (const text of ['tara to uri, from the phone', 'and once more']) {
        const sent = await wasim.admin('POST', `/admin/accounts/${phone}/messages`, { to: peer, text });
        assert.equal(sent.status, 201, JSON.stringify(sent.body));
        ids.push(sent.body.id);
        const copy = await own.wait((m) => m.key.id === sent.body.id, `the companion gets its copy of "${text}"`);
        assert.equal(copy.messageStubType ?? 0, 0, JSON.stringify(copy));
        assert.equal(textOf(copy), text);
        assert.equal(copy.key.fromMe, true);
        assert.equal(copy.key.remoteJid, peerJid);
        assert.ok(!copy.message.deviceSentMessage, 'Baileys unwraps the device-sent copy');
        const arrived = await inbox.wait((m) => m.key.id === sent.body.id, `Uri receives "${text}"`);
        assert.equal(textOf(arrived), text);
        assert.equal(arrived.key.fromMe, false);
    }
    // Time for a duplicate to show up, had one been sent.
    await new Promise((r) => setTimeout(r, 500));
    for (const id of ids) {
        assert.equal(inbox.seen.filter((m) => m.key.id === id).length, 1, `Uri gets ${id} once`);
        assert.equal(own.seen.filter((m) => m.key.id === id).length, 1, `the companion gets ${id} once`);
    }
    companion.end();
    uri.end();
});
