// Message content both ways with Baileys: what Baileys' own generateWAMessageContent builds we decode as the
// same kind with the same content; what we encode, Baileys' proto reads back with the right fields.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, test } from 'node:test';

import { generateWAMessageContent, getContentType, normalizeMessageContent, proto } from 'baileys';

const tool = process.env.WA_MESSAGE_TOOL;
assert.ok(tool, 'WA_MESSAGE_TOOL must name the wa_message_tool binary');
const run = (...args) => JSON.parse(execFileSync(tool, args).toString());
const decodeOurs = (message) => run('decode', Buffer.from(proto.Message.encode(message).finish()).toString('base64'));
const encodeOurs = (content) => proto.Message.decode(Buffer.from(run('encode', JSON.stringify(content)).message, 'base64'));

const chat = '4915550002@s.whatsapp.net';
const key = { remoteJid: chat, fromMe: true, id: '3EB0C767D26A1D8E' };
const options = { logger: undefined, linkPreview: null, upload: async () => { throw new Error('no upload here'); } };

describe('messages Baileys builds, decoded by us', () => {
  test('text, reply, mention', async () => {
    const text = await generateWAMessageContent({ text: 'hello from baileys' }, options);
    assert.deepEqual([decodeOurs(text).kind, decodeOurs(text).text], ['text', 'hello from baileys']);

    const mention = await generateWAMessageContent({ text: 'hi @4915550003', mentions: ['4915550003@s.whatsapp.net'] }, options);
    assert.deepEqual(decodeOurs(mention).mentions, ['4915550003@s.whatsapp.net']);

    const quoted = { key: { remoteJid: chat, fromMe: false, id: 'QUOTED1' }, message: { conversation: 'are you there?' } };
    const reply = proto.Message.fromObject(await generateWAMessageContent({ text: 'yes' }, options));
    reply.extendedTextMessage = { text: 'yes', contextInfo: { stanzaId: 'QUOTED1', participant: chat, quotedMessage: quoted.message } };
    reply.conversation = null;
    const ours = decodeOurs(reply);
    assert.equal(ours.reply.id, 'QUOTED1');
    assert.equal(ours.reply.quoted_text, 'are you there?');
  });

  test('location, contact, reaction, revoke, edit, poll', async () => {
    const location = decodeOurs(await generateWAMessageContent({ location: { degreesLatitude: 48.1, degreesLongitude: 11.5, name: 'Munich' } }, options));
    assert.deepEqual([location.kind, location.latitude, location.longitude, location.name], ['location', 48.1, 11.5, 'Munich']);

    const vcard = 'BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nTEL;waid=4915550009:+49 1555 0009\nEND:VCARD';
    const contact = decodeOurs(await generateWAMessageContent({ contacts: { displayName: 'Ada', contacts: [{ vcard }] } }, options));
    assert.deepEqual([contact.kind, contact.vcard], ['contact', vcard]);

    const reaction = decodeOurs(await generateWAMessageContent({ react: { key, text: '❤️' } }, options));
    assert.deepEqual([reaction.kind, reaction.emoji, reaction.target.id], ['reaction', '❤️', key.id]);

    const revoke = decodeOurs(await generateWAMessageContent({ delete: key }, options));
    assert.deepEqual([revoke.kind, revoke.target.id, revoke.target.from_me], ['revoke', key.id, true]);

    const edit = decodeOurs(await generateWAMessageContent({ text: 'fixed', edit: key }, options));
    assert.deepEqual([edit.kind, edit.text, edit.target.id], ['edit', 'fixed', key.id]);

    for (const selectableCount of [1, 2]) {
      const poll = decodeOurs(await generateWAMessageContent({ poll: { name: 'Lunch?', values: ['Pizza', 'Sushi', 'Salad'], selectableCount } }, options));
      assert.deepEqual([poll.kind, poll.question, poll.options, poll.selectable_count],
        ['poll', 'Lunch?', ['Pizza', 'Sushi', 'Salad'], selectableCount]);
    }
  });

  test('media messages as Baileys fills them', () => {
    const base = { url: 'https://mmg.whatsapp.net/v/t62/x.enc', directPath: '/v/t62/x.enc?ccb=1', mediaKey: Buffer.alloc(32, 1),
      fileSha256: Buffer.alloc(32, 2), fileEncSha256: Buffer.alloc(32, 3), fileLength: 4321, mediaKeyTimestamp: 1700000000 };
    const cases = [
      [{ imageMessage: { ...base, mimetype: 'image/jpeg', caption: 'cat' } }, 'image', 'cat'],
      [{ videoMessage: { ...base, mimetype: 'video/mp4', caption: 'clip', seconds: 3 } }, 'video', 'clip'],
      [{ audioMessage: { ...base, mimetype: 'audio/ogg; codecs=opus', ptt: true, seconds: 4 } }, 'voice_note', ''],
      [{ documentMessage: { ...base, mimetype: 'application/pdf', fileName: 'a.pdf' } }, 'document', ''],
      [{ stickerMessage: { ...base, mimetype: 'image/webp' } }, 'sticker', ''],
      [{ documentWithCaptionMessage: { message: { documentMessage: { ...base, mimetype: 'application/pdf', fileName: 'b.pdf', caption: 'see' } } } }, 'document', 'see'],
    ];
    for (const [message, kind, caption] of cases) {
      const ours = decodeOurs(proto.Message.fromObject(message));
      assert.equal(ours.kind, kind);
      assert.equal(ours.caption, caption);
      assert.equal(ours.file_length, 4321);
      assert.equal(ours.media_key, Buffer.alloc(32, 1).toString('base64'));
      assert.equal(ours.direct_path, base.directPath);
    }
  });
});

describe('messages we build, read by Baileys', () => {
  const target = { chat, id: key.id, from_me: true, participant: '' };

  test('each kind arrives as that kind with the right content', () => {
    const text = encodeOurs({ kind: 'text', text: 'hello from wagw' });
    assert.equal(getContentType(text), 'conversation');
    assert.equal(text.conversation, 'hello from wagw');

    const reply = encodeOurs({ kind: 'text', text: 'yes', reply: { chat, id: 'Q1', from_me: false, participant: '', quoted_text: 'there?' },
      mentions: ['4915550003@s.whatsapp.net'] });
    assert.equal(reply.extendedTextMessage.contextInfo.stanzaId, 'Q1');
    assert.equal(reply.extendedTextMessage.contextInfo.quotedMessage.conversation, 'there?');
    assert.deepEqual(reply.extendedTextMessage.contextInfo.mentionedJid, ['4915550003@s.whatsapp.net']);

    const location = encodeOurs({ kind: 'location', latitude: 52.52, longitude: 13.405, name: 'Berlin' });
    assert.equal(location.locationMessage.degreesLatitude, 52.52);
    assert.equal(location.locationMessage.name, 'Berlin');

    const contact = encodeOurs({ kind: 'contact', display_name: 'Ada', vcard: 'BEGIN:VCARD\nEND:VCARD' });
    assert.equal(contact.contactMessage.displayName, 'Ada');

    const reaction = encodeOurs({ kind: 'reaction', target, emoji: '👍', sent_at_ms: 1700000000000 });
    assert.equal(reaction.reactionMessage.text, '👍');
    assert.equal(reaction.reactionMessage.key.id, key.id);

    const edit = encodeOurs({ kind: 'edit', target, text: 'corrected' });
    assert.equal(edit.protocolMessage.type, proto.Message.ProtocolMessage.Type.MESSAGE_EDIT);
    assert.equal(normalizeMessageContent(edit.protocolMessage.editedMessage).conversation, 'corrected');

    const revoke = encodeOurs({ kind: 'revoke', target });
    assert.equal(revoke.protocolMessage.type, proto.Message.ProtocolMessage.Type.REVOKE);
    assert.equal(revoke.protocolMessage.key.id, key.id);

    const poll = encodeOurs({ kind: 'poll', question: 'Lunch?', options: ['Pizza', 'Sushi'], selectable_count: 1 });
    assert.equal(getContentType(poll), 'pollCreationMessageV3');
    assert.deepEqual(poll.pollCreationMessageV3.options.map((o) => o.optionName), ['Pizza', 'Sushi']);
    assert.equal(poll.messageContextInfo.messageSecret.length, 32);

    const note = encodeOurs({ kind: 'voice_note', mimetype: 'audio/ogg; codecs=opus', seconds: 5,
      media_key: Buffer.alloc(32, 9).toString('base64'), file_length: 77, direct_path: '/v/x' });
    assert.equal(note.audioMessage.ptt, true);
    assert.equal(note.audioMessage.seconds, 5);
    assert.equal(Number(note.audioMessage.fileLength), 77);

    const document = encodeOurs({ kind: 'document', mimetype: 'application/pdf', file_name: 'invoice.pdf', caption: 'May' });
    assert.equal(document.documentMessage.fileName, 'invoice.pdf');
    assert.equal(document.documentMessage.caption, 'May');
  });
});
