// Unmodified Baileys 7.0.0-rc13 clients exchanging 1:1 text through the real wasim binary: server acks, fan-out
// to the recipient's devices, delivery and read receipts routed back, and the offline queue.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import https from 'node:https';
import { startWasim, withTimeout, baileysLib, collect, sentStatuses, WAMessageStatus, textOf } from './wasim_harness.mjs';

const { getMediaKeys } = baileysLib;

assert.ok(process.env.WASIM_BIN, 'WASIM_BIN must point at the wasim binary');

let wasim;
const authRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'wasim-msg-auth-'));
const authDir = (name) => path.join(authRoot, name);

before(async () => { wasim = await startWasim(); });
after(async () => {
    await wasim?.stop();
    fs.rmSync(authRoot, { recursive: true, force: true });
});

const { DELIVERY_ACK, READ } = WAMessageStatus;

async function pairUser(phone, name) {
    await wasim.admin('POST', '/admin/accounts', { phone, push_name: name });
    const { client } = await wasim.pair(authDir(name), { phone });
    return client;
}

test('text both ways, with delivery and read receipts, and delivery to an offline device', async () => {
    const gina = await pairUser('15550002001', 'gina');
    const hank = await pairUser('15550002002', 'hank');
    const ginaJid = '15550002001@s.whatsapp.net';
    const hankJid = '15550002002@s.whatsapp.net';
    const ginaStatuses = sentStatuses(gina.sock);
    const hankInbox = collect(hank.sock, 'messages.upsert');

    const sent = await gina.sock.sendMessage(hankJid, { text: 'hello hank' });
    const received = await hankInbox.wait((m) => textOf(m) === 'hello hank', 'Hank receives the text');
    assert.equal(received.key.fromMe, false);
    assert.equal(received.key.id, sent.key.id);
    await ginaStatuses.wait(sent.key.id, DELIVERY_ACK, 'delivery receipt for Gina');

    await hank.sock.readMessages([received.key]);
    await ginaStatuses.wait(sent.key.id, READ, 'read receipt for Gina');

    // And back.
    const ginaInbox = collect(gina.sock, 'messages.upsert');
    const hankStatuses = sentStatuses(hank.sock);
    const reply = await hank.sock.sendMessage(ginaJid, { text: 'hi gina' });
    await ginaInbox.wait((m) => textOf(m) === 'hi gina' && !m.key.fromMe, 'Gina receives the reply');
    await hankStatuses.wait(reply.key.id, DELIVERY_ACK, 'delivery receipt for Hank');

    // Hank goes offline; Gina's next message waits for him and arrives at his next login.
    hank.end();
    await new Promise((r) => setTimeout(r, 300));
    const queued = await gina.sock.sendMessage(hankJid, { text: 'while you were away' });
    const back = await wasim.baileys(authDir('hank'));
    const backInbox = collect(back.sock, 'messages.upsert');
    await back.open();
    const late = await backInbox.wait((m) => textOf(m) === 'while you were away', 'queued message after login');
    assert.equal(late.key.id, queued.key.id);
    await ginaStatuses.wait(queued.key.id, DELIVERY_ACK, 'delivery after login');

    const stats = (await wasim.admin('GET', '/admin/stats')).body;
    assert.ok(stats.messages_routed >= 3, JSON.stringify(stats));
    // Both virtual phones (device 0) got their copy: Hank's as the recipient, Gina's as her own other device.
    const ginaLid = (await wasim.admin('GET', '/admin/accounts/15550002001')).body.lid.split('@')[0];
    for (const phone of ['15550002002', '15550002001']) {
        const inbox = (await wasim.admin('GET', `/admin/accounts/${phone}/messages`)).body;
        const copy = inbox.find((m) => m.id === sent.key.id);
        assert.ok(copy, `${phone}'s phone got ${sent.key.id}: ${JSON.stringify(inbox)}`);
        assert.ok(copy.from.startsWith(`${ginaLid}:`) && copy.from.endsWith('@lid'), JSON.stringify(copy));
        assert.ok(['pkmsg', 'msg'].includes(copy.enc_type), JSON.stringify(copy));
    }
    gina.end();
    back.end();
});

// GET with the simulator's certificate trusted (Baileys' own download goes through fetch, whose dispatcher an
// https.Agent cannot replace).
function download(url) {
    const ca = fs.readFileSync(path.join(wasim.dataDir, 'cert.pem'));
    return withTimeout(new Promise((resolve, reject) => {
        https.get(url, { ca }, (res) => {
            const chunks = [];
            res.on('data', (c) => chunks.push(c));
            res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
        }).on('error', reject);
    }), 10000, `GET ${url}`);
}

test('a document is uploaded, routed and downloaded with a matching SHA-256', async () => {
    const kim = await pairUser('15550002003', 'kim');
    const lee = await pairUser('15550002004', 'lee');
    const leeInbox = collect(lee.sock, 'messages.upsert');
    const original = crypto.randomBytes(70000);
    await kim.sock.sendMessage('15550002004@s.whatsapp.net',
        { document: original, mimetype: 'application/pdf', fileName: 'report.pdf' });
    const received = await leeInbox.wait((m) => m.message?.documentMessage, 'Lee receives the document');
    const doc = received.message.documentMessage;
    assert.equal(doc.fileName, 'report.pdf');
    assert.match(doc.directPath, /^\/v\/.+\?/);
    assert.ok(doc.url.startsWith(`https://127.0.0.1:${wasim.port}/`), doc.url);

    const blob = await download(doc.url);
    assert.equal(blob.status, 200);
    assert.equal(crypto.createHash('sha256').update(blob.body).digest('base64'), Buffer.from(doc.fileEncSha256).toString('base64'));
    const keys = await getMediaKeys(doc.mediaKey, 'document');
    const decipher = crypto.createDecipheriv('aes-256-cbc', keys.cipherKey, keys.iv);
    const plain = Buffer.concat([decipher.update(blob.body.subarray(0, blob.body.length - 10)), decipher.final()]);
    assert.equal(crypto.createHash('sha256').update(plain).digest('hex'), crypto.createHash('sha256').update(original).digest('hex'));
    assert.equal(Buffer.from(doc.fileSha256).toString('hex'), crypto.createHash('sha256').update(original).digest('hex'));
    // Extra query parameters (whatsmeow appends &hash=...) are ignored; unknown paths are 404.
    assert.equal((await download(doc.url + '&hash=x&mms-type=document')).status, 200);
    assert.equal((await download(`https://127.0.0.1:${wasim.port}/v/t62.7118-24/nope.enc?x=1`)).status, 404);
    kim.end();
    lee.end();
});

test('reactions, edits and revokes arrive as such', async () => {
    const quin = await pairUser('15550002005', 'quin');
    const rudy = await pairUser('15550002006', 'rudy');
    const rudyJid = '15550002006@s.whatsapp.net';
    const inbox = collect(rudy.sock, 'messages.upsert');
    const updates = collect(rudy.sock, 'messages.update');
    const reactions = collect(rudy.sock, 'messages.reaction');

    const original = await quin.sock.sendMessage(rudyJid, { text: 'first draft' });
    await inbox.wait((m) => textOf(m) === 'first draft', 'original text');

    await quin.sock.sendMessage(rudyJid, { react: { text: '👍', key: original.key } });
    const reaction = await reactions.wait((r) => r.reaction?.text === '👍', 'reaction');
    assert.equal(reaction.key.id, original.key.id);

    await quin.sock.sendMessage(rudyJid, { text: 'final text', edit: original.key });
    // Baileys turns a MESSAGE_EDIT protocol message into an update of the original.
    const edited = await updates.wait((u) => u.key.id === original.key.id && u.update.message?.editedMessage, 'edit');
    assert.equal(edited.update.message.editedMessage.message.extendedTextMessage.text, 'final text');

    await quin.sock.sendMessage(rudyJid, { delete: original.key });
    await withTimeout(new Promise((resolve) => {
        const check = () => {
            const revoked = updates.seen.some((u) => u.key.id === original.key.id && u.update.messageStubType === 1) ||
                inbox.seen.some((m) => m.message?.protocolMessage?.type === 0 && m.message.protocolMessage.key?.id === original.key.id);
            if (revoked) { clearInterval(t); resolve(); }
        };
        const t = setInterval(check, 20);
        check();
    }), 30000, 'revoke');
    quin.end();
    rudy.end();
});

// Downloads a received media message from wasim and decrypts it the way a client does (AES-256-CBC under the
// keys expanded from mediaKey; the last 10 bytes are the MAC); checks the encrypted hash on the way.
async function downloadAndDecrypt(media, type) {
    const blob = await download(media.url);
    assert.equal(blob.status, 200, `${type} download`);
    assert.equal(crypto.createHash('sha256').update(blob.body).digest('base64'), Buffer.from(media.fileEncSha256).toString('base64'));
    const keys = await getMediaKeys(media.mediaKey, type);
    const decipher = crypto.createDecipheriv('aes-256-cbc', keys.cipherKey, keys.iv);
    return Buffer.concat([decipher.update(blob.body.subarray(0, blob.body.length - 10)), decipher.final()]);
}

test('an image, a video and a PTT voice note are sent, received and downloaded with matching SHA-256', async () => {
    const uma = await pairUser('15550002007', 'uma');
    const vic = await pairUser('15550002008', 'vic');
    const vicJid = '15550002008@s.whatsapp.net';
    const inbox = collect(vic.sock, 'messages.upsert');
    // Any bytes make valid WhatsApp media; a thumbnail and a duration are given because this machine has no
    // jimp/sharp/ffmpeg for Baileys to compute them (it would log a warning and send without).
    const thumbnail = crypto.randomBytes(600);
    const cases = [
        { type: 'image', content: { image: crypto.randomBytes(50_000), caption: 'a photo', jpegThumbnail: thumbnail }, field: 'imageMessage' },
        { type: 'video', content: { video: crypto.randomBytes(150_000), caption: 'a clip', jpegThumbnail: thumbnail }, field: 'videoMessage' },
        { type: 'audio', content: { audio: crypto.randomBytes(20_000), ptt: true, mimetype: 'audio/ogg; codecs=opus', seconds: 4 }, field: 'audioMessage' }
    ];
    for (const { type, content, field } of cases) {
        const original = content[type];
        const sent = await uma.sock.sendMessage(vicJid, content);
        const received = await inbox.wait((m) => m.key.id === sent.key.id && m.message?.[field], `Vic receives the ${type}`);
        const media = received.message[field];
        assert.equal(received.key.fromMe, false);
        assert.equal(Buffer.from(media.fileSha256).toString('hex'), crypto.createHash('sha256').update(original).digest('hex'));
        assert.equal(Number(media.fileLength), original.length);
        if (type === 'audio') {
            assert.equal(media.ptt, true);
            assert.equal(media.seconds, 4);
        } else {
            assert.equal(media.caption, content.caption);
        }
        const plain = await downloadAndDecrypt(media, type);
        assert.equal(crypto.createHash('sha256').update(plain).digest('hex'), crypto.createHash('sha256').update(original).digest('hex'));
    }
    uma.end();
    vic.end();
});

// Receivers name and store things by message id (the gateway keeps media under it), so wasim refuses a message
// whose id is not a plain one (1-128 of [A-Za-z0-9._-], not "." or ".."), as a server would: an ack with an
// error for the sender, nothing for anyone else, and a counter in /admin/stats.
test('a message whose id is not a plain id is refused with an error ack and routed to nobody', async () => {
    const wes = await pairUser('15550002009', 'wes');
    const xia = await pairUser('15550002010', 'xia');
    const xiaJid = '15550002010@s.whatsapp.net';
    const xiaInbox = collect(xia.sock, 'messages.upsert');
    // The raw acks: Baileys reports an error ack as status ERROR too, but holds such updates back while it
    // buffers events after a login, for up to half a minute.
    const acks = { seen: [] };
    wes.sock.ws.on('CB:ack,class:message', (node) => acks.seen.push(node.attrs));
    acks.wait = (predicate, what) => withTimeout(new Promise((resolve) => {
        const check = () => { const hit = acks.seen.find(predicate); if (hit) { clearInterval(t); resolve(hit); } };
        const t = setInterval(check, 20);
        check();
    }), 10000, what);
    const refusedBefore = (await wasim.admin('GET', '/admin/stats')).body.messages_refused_bad_id;
    assert.equal(typeof refusedBefore, 'number');

    const badIds = ['../../escape', 'a/b', 'with space', '..', '.', 'x'.repeat(129), 'ü-umlaut'];
    for (const id of badIds) {
        await wes.sock.sendMessage(xiaJid, { text: `bad ${id}` }, { messageId: id });
        const ack = await acks.wait((a) => a.id === id, `the ack for ${JSON.stringify(id)}`);
        assert.equal(ack.error, '400', JSON.stringify(ack));
    }
    // The longest plain id passes; arriving after the refused ones, it shows they had their chance to arrive.
    const plainId = 'A.b_c-1'.padEnd(128, '9');
    await wes.sock.sendMessage(xiaJid, { text: 'a plain id' }, { messageId: plainId });
    const received = await xiaInbox.wait((m) => textOf(m) === 'a plain id', 'Xia receives the plain-id message');
    assert.equal(received.key.id, plainId);
    assert.equal((await acks.wait((a) => a.id === plainId, 'the ack for the plain id')).error, undefined);
    assert.deepEqual(xiaInbox.seen.filter((m) => textOf(m)?.startsWith('bad ')), []);
    for (const phone of ['15550002010', '15550002009']) {
        const phoneInbox = (await wasim.admin('GET', `/admin/accounts/${phone}/messages`)).body;
        assert.deepEqual(phoneInbox.filter((m) => badIds.includes(m.id)), [], `${phone}'s phone got a refused message`);
    }
    const refusedAfter = (await wasim.admin('GET', '/admin/stats')).body.messages_refused_bad_id;
    assert.equal(refusedAfter - refusedBefore, badIds.length);
    wes.end();
    xia.end();
});
