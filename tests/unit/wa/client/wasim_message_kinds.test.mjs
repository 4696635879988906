// Every message kind through the real wasim binary between our `wagw client` and an unmodified Baileys
// 7.0.0-rc13: what we send Baileys shows as that kind with the right content (media fetched from the simulator
// and decrypted with Baileys' own key schedule, SHA-256 matched); what Baileys sends we decode as that kind
// (media downloaded by `wagw client listen --download`, SHA-256 matched). Needs WASIM_BIN, WAGW_BIN, NODE_PATH.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { getMediaKeys } from 'baileys';
import { collect } from '../../../wasim/wasim_harness.mjs';
import { linkClient, runClient, useWasim, withTimeout } from './client_harness.mjs';

const { wasim, dir } = useWasim('kinds');
const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');

async function send(args) {
    const run = runClient(['send', '--data', dir('wagw'), ...args]);
    const sent = await run.waitFor('sent', () => true, 30000);
    assert.equal(await withTimeout(run.exited, 10000, 'send exit'), 0, run.stderr.join(''));
    return sent;
}

// Fetches the blob as Baileys would (trusting the simulator's certificate) and decrypts it with Baileys' keys.
async function baileysDecrypt(media, kind) {
    const ca = fs.readFileSync(path.join(wasim.dataDir, 'cert.pem'));
    const blob = await withTimeout(new Promise((resolve, reject) => {
        https.get(media.url, { ca }, (res) => {
            const chunks = [];
            res.on('data', (c) => chunks.push(c));
            res.on('end', () => resolve(Buffer.concat(chunks)));
        }).on('error', reject);
    }), 10000, `GET ${media.url}`);
    assert.equal(sha256(blob), Buffer.from(media.fileEncSha256).toString('hex'));
    const keys = await getMediaKeys(media.mediaKey, kind);
    const mac = crypto.createHmac('sha256', keys.macKey).update(keys.iv).update(blob.subarray(0, -10)).digest().subarray(0, 10);
    assert.deepEqual(mac, blob.subarray(-10));
    const decipher = crypto.createDecipheriv('aes-256-cbc', keys.cipherKey, keys.iv);
    return Buffer.concat([decipher.update(blob.subarray(0, -10)), decipher.final()]);
}

const ours = '15550004001';
const theirs = '15550004002';
let baileys;

test('every kind wagw sends is shown by Baileys as that kind with the right content', async () => {
    await wasim.admin('POST', '/admin/accounts', { phone: ours, push_name: 'Gateway' });
    await wasim.admin('POST', '/admin/accounts', { phone: theirs, push_name: 'Baileys user' });
    await linkClient(wasim, ours, dir('wagw'));
    ({ client: baileys } = await wasim.pair(dir('baileys'), { phone: theirs }));
    const inbox = collect(baileys.sock, 'messages.upsert');
    const reactions = collect(baileys.sock, 'messages.reaction');
    const updates = collect(baileys.sock, 'messages.update');
    const byId = (id) => (m) => m.key.id === id;

    const first = await send(['--to', theirs, '--text', 'plain text']);
    assert.equal((await inbox.wait(byId(first.id), 'text')).message.conversation ?? '', 'plain text');

    const reply = await send(['--to', theirs, '--text', 'hi @15550004002', '--reply-to', first.id, '--from-me',
                              '--mention', theirs]);
    const replied = (await inbox.wait(byId(reply.id), 'reply')).message.extendedTextMessage;
    assert.equal(replied.text, 'hi @15550004002');
    assert.equal(replied.contextInfo.stanzaId, first.id);
    assert.deepEqual(replied.contextInfo.mentionedJid, [`${theirs}@s.whatsapp.net`]);

    const place = await send(['--to', theirs, '--location', '52.52,13.405', '--location-name', 'Berlin']);
    const location = (await inbox.wait(byId(place.id), 'location')).message.locationMessage;
    assert.equal(location.degreesLatitude, 52.52);
    assert.equal(location.degreesLongitude, 13.405);
    assert.equal(location.name, 'Berlin');

    const card = await send(['--to', theirs, '--contact', 'Ada Lovelace:15550009999']);
    const contact = (await inbox.wait(byId(card.id), 'contact')).message.contactMessage;
    assert.equal(contact.displayName, 'Ada Lovelace');
    assert.match(contact.vcard, /waid=15550009999/);

    const asked = await send(['--to', theirs, '--poll', 'Lunch?', '--option', 'Pizza', '--option', 'Salad']);
    const m = (await inbox.wait(byId(asked.id), 'poll')).message;
    const poll = m.pollCreationMessage ?? m.pollCreationMessageV2 ?? m.pollCreationMessageV3;
    assert.ok(poll, JSON.stringify(m));
    assert.equal(poll.name, 'Lunch?');
    assert.deepEqual(poll.options.map((o) => o.optionName), ['Pizza', 'Salad']);

    await send(['--to', theirs, '--react', first.id, '--from-me', '--emoji', '👍']);
    const reaction = await reactions.wait((r) => r.reaction?.text === '👍', 'reaction');
    assert.equal(reaction.key.id, first.id);

    await send(['--to', theirs, '--edit', first.id, '--text', 'edited text']);
    const edited = await updates.wait((u) => u.key.id === first.id && u.update.message?.editedMessage, 'edit');
    const editedMessage = edited.update.message.editedMessage.message;
    assert.equal(editedMessage.conversation ?? editedMessage.extendedTextMessage?.text, 'edited text');

    await send(['--to', theirs, '--revoke', reply.id]);
    await Promise.any([updates.wait((u) => u.key.id === reply.id && u.update.messageStubType === 1, 'revoke update'),
                       inbox.wait((m) => m.message?.protocolMessage?.type === 0 && m.message.protocolMessage.key?.id === reply.id,
                             'revoke message')]);

    const files = [
        { name: 'photo.jpg', field: 'imageMessage', kind: 'image', mimetype: 'image/jpeg', args: ['--caption', 'a photo'] },
        { name: 'clip.mp4', field: 'videoMessage', kind: 'video', mimetype: 'video/mp4', args: [] },
        { name: 'note.ogg', field: 'audioMessage', kind: 'audio', mimetype: 'audio/ogg; codecs=opus', args: ['--voice-note'] },
        { name: 'report.pdf', field: 'documentMessage', kind: 'document', mimetype: 'application/pdf', args: [] },
        { name: 'sticker.webp', field: 'stickerMessage', kind: 'sticker', mimetype: 'image/webp', args: [] },
    ];
    for (const file of files) {
        const bytes = crypto.randomBytes(20000 + Math.floor(Math.random() * 50000));
        fs.writeFileSync(dir(file.name), bytes);
        const sent = await send(['--to', theirs, '--file', dir(file.name), ...file.args]);
        const got = await inbox.wait(byId(sent.id), file.name);
        const media = got.message[file.field];
        assert.ok(media, `${file.name}: ${JSON.stringify(Object.keys(got.message))}`);
        assert.equal(media.mimetype, file.mimetype);
        assert.equal(Number(media.fileLength), bytes.length);
        assert.equal(Buffer.from(media.fileSha256).toString('hex'), sha256(bytes));
        if (file.kind === 'image') assert.equal(media.caption, 'a photo');
        if (file.kind === 'audio') assert.equal(media.ptt, true);
        if (file.kind === 'document') assert.equal(media.fileName, 'report.pdf');
        assert.equal(sha256(await baileysDecrypt(media, file.kind)), sha256(bytes), file.name);
    }
});

test('every kind Baileys sends is decoded by wagw, media downloaded with a matching SHA-256', async () => {
    assert.ok(baileys, 'the first test linked both clients');
    const listen = runClient(['listen', '--data', dir('wagw'), '--download', dir('downloads')]);
    await listen.waitFor('connected');
    const to = `${ours}@s.whatsapp.net`;
    const message = (id) => listen.waitFor('message', (e) => e.id === id);

    const text = await baileys.sock.sendMessage(to, { text: 'from Baileys' });
    assert.equal((await message(text.key.id)).content.text, 'from Baileys');

    const quoted = await baileys.sock.sendMessage(to, { text: 'a reply', mentions: [to] }, { quoted: text });
    const reply = await message(quoted.key.id);
    assert.equal(reply.content.reply.quoted.id, text.key.id);
    assert.deepEqual(reply.content.mentions, [to]);

    const place = await baileys.sock.sendMessage(to, { location: { degreesLatitude: 48.85, degreesLongitude: 2.35, name: 'Paris' } });
    const location = await message(place.key.id);
    assert.equal(location.kind, 'location');
    assert.deepEqual([location.content.latitude, location.content.longitude, location.content.name], [48.85, 2.35, 'Paris']);

    const vcard = 'BEGIN:VCARD\nVERSION:3.0\nFN:Grace\nTEL;waid=15550008888:+15550008888\nEND:VCARD';
    const card = await baileys.sock.sendMessage(to, { contacts: { displayName: 'Grace', contacts: [{ vcard }] } });
    const contact = await message(card.key.id);
    assert.equal(contact.kind, 'contact');
    assert.equal(contact.content.vcard, vcard);

    const asked = await baileys.sock.sendMessage(to, { poll: { name: 'Tea?', values: ['Yes', 'No'], selectableCount: 1 } });
    const poll = await message(asked.key.id);
    assert.equal(poll.kind, 'poll');
    assert.equal(poll.content.question, 'Tea?');
    assert.deepEqual(poll.content.options, ['Yes', 'No']);

    const reacted = await baileys.sock.sendMessage(to, { react: { text: '🎉', key: text.key } });
    const reaction = await message(reacted.key.id);
    assert.equal(reaction.kind, 'reaction');
    assert.equal(reaction.content.emoji, '🎉');
    assert.equal(reaction.content.target.id, text.key.id);

    const edit = await baileys.sock.sendMessage(to, { text: 'from Baileys, edited', edit: text.key });
    const edited = await message(edit.key.id);
    assert.equal(edited.kind, 'edit');
    assert.equal(edited.content.target.id, text.key.id);
    assert.equal(edited.content.text, 'from Baileys, edited');

    const revoke = await baileys.sock.sendMessage(to, { delete: quoted.key });
    const revoked = await message(revoke.key.id);
    assert.equal(revoked.kind, 'revoke');
    assert.equal(revoked.content.target.id, quoted.key.id);

    const files = [
        { kind: 'image', content: (b) => ({ image: b, caption: 'their photo', mimetype: 'image/jpeg' }) },
        { kind: 'video', content: (b) => ({ video: b, mimetype: 'video/mp4' }) },
        { kind: 'voice_note', content: (b) => ({ audio: b, ptt: true, mimetype: 'audio/ogg; codecs=opus' }) },
        { kind: 'document', content: (b) => ({ document: b, mimetype: 'application/pdf', fileName: 'theirs.pdf' }) },
        { kind: 'sticker', content: (b) => ({ sticker: b }) },
    ];
    for (const file of files) {
        const bytes = crypto.randomBytes(30000);
        const sent = await baileys.sock.sendMessage(to, file.content(bytes));
        const got = await message(sent.key.id);
        assert.equal(got.kind, file.kind, JSON.stringify(got));
        assert.equal(got.content.file_sha256, sha256(bytes));
        assert.equal(got.content.file_length, bytes.length);
        if (file.kind === 'image') assert.equal(got.content.caption, 'their photo');
        if (file.kind === 'document') assert.equal(got.content.file_name, 'theirs.pdf');
        const downloaded = await listen.waitFor('media_downloaded', (e) => e.id === sent.key.id);
        assert.equal(downloaded.sha256, sha256(bytes), file.kind);
        // Named by its content, never by the sender's message id.
        assert.equal(path.dirname(downloaded.file), fs.realpathSync(dir('downloads')));
        assert.ok(path.basename(downloaded.file).startsWith(sha256(bytes) + '.'), downloaded.file);
        assert.equal(sha256(fs.readFileSync(downloaded.file)), sha256(bytes));
    }
    assert.ok(!listen.events.some((e) => e.event === 'message_undecryptable' || e.event === 'media_download_failed'),
              JSON.stringify(listen.events));
    assert.equal(await listen.stop(), 0);
    baileys.end();
});
