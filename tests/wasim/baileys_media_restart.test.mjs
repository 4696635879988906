// Media outlive a wasim restart: a restart keeps accounts, links and groups (wasim.db under --data), so the
// messages clients hold keep pointing at their media; the blobs must still download, byte for byte. Baileys
// uploads, wasim restarts (on a new port: the URL's host changes, the direct path does not), Baileys downloads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { startWasim, collect, baileysLib } from './wasim_harness.mjs';

const { downloadContentFromMessage } = baileysLib;

assert.ok(process.env.WASIM_BIN, 'WASIM_BIN must point at the wasim binary');
// Baileys downloads media with its own fetch, which cannot be handed wasim's self-signed certificate.
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

let wasim;
const authRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'wasim-media-restart-auth-'));

before(async () => { wasim = await startWasim(); });
after(async () => {
    await wasim?.stop();
    fs.rmSync(authRoot, { recursive: true, force: true });
});

const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');

// Baileys' own download (fetch, MAC check, AES-CBC), from the simulator as it listens now.
async function download(media, type) {
    const url = `https://127.0.0.1:${wasim.port}${media.directPath}`;
    const stream = await downloadContentFromMessage({ mediaKey: media.mediaKey, directPath: media.directPath, url }, type);
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    return Buffer.concat(chunks);
}

async function pairUser(phone, name) {
    await wasim.admin('POST', '/admin/accounts', { phone, push_name: name });
    const { client } = await wasim.pair(path.join(authRoot, name), { phone });
    return client;
}

test('an uploaded image still downloads, with the same SHA-256, after wasim restarts', async () => {
    const wes = await pairUser('15550008001', 'wes');
    const xia = await pairUser('15550008002', 'xia');
    const inbox = collect(xia.sock, 'messages.upsert');
    const original = crypto.randomBytes(80_000);
    // A thumbnail is given because this machine has no jimp/sharp for Baileys to compute one.
    const sent = await wes.sock.sendMessage('15550008002@s.whatsapp.net',
        { image: original, caption: 'kept', jpegThumbnail: crypto.randomBytes(500) });
    const received = await inbox.wait((m) => m.key.id === sent.key.id && m.message?.imageMessage, 'Xia receives the image');
    const image = received.message.imageMessage;
    assert.equal(Buffer.from(image.fileSha256).toString('hex'), sha256(original));
    assert.equal(sha256(await download(image, 'image')), sha256(original));
    wes.end();
    xia.end();

    await wasim.restart();
    assert.equal(sha256(await download(image, 'image')), sha256(original), 'the image after the restart');

    // Uploads after the restart get new paths and leave the old blob alone.
    const wesAgain = await wasim.baileys(path.join(authRoot, 'wes'));
    await wesAgain.open();
    const second = crypto.randomBytes(30_000);
    const own = collect(wesAgain.sock, 'messages.upsert');
    const again = await wesAgain.sock.sendMessage('15550008002@s.whatsapp.net',
        { image: second, jpegThumbnail: crypto.randomBytes(500) });
    const copy = again.message?.imageMessage ??
        (await own.wait((m) => m.key.id === again.key.id && m.message?.imageMessage, 'the second image')).message.imageMessage;
    assert.notEqual(copy.directPath, image.directPath);
    assert.equal(sha256(await download(copy, 'image')), sha256(second));
    assert.equal(sha256(await download(image, 'image')), sha256(original));
    wesAgain.end();
});
