// The cross-check corpus: nodes in the JSON form (node_json.mjs), chosen to cover every wire form.
// `divergence` marks nodes for which Baileys' encoder deliberately writes other bytes than ours (the reason says
// why); both sides must still read each other's bytes identically. Against Baileys 6 (BAILEYS_MODULE=baileys6),
// `baileys6Divergence` says the same for that release only, and `baileys6Unreadable` names wire forms it cannot
// read back (it predates them): it must then fail or misread, so the note cannot outlive the gap.
import { node } from './node_json.mjs';

// The token lists of the Baileys release under test (BAILEYS_MODULE), so that the dictionary nodes below cover
// the dictionary that release speaks (version 3 for baileys 7, version 2 for baileys6).
const { SINGLE_BYTE_TOKENS, DOUBLE_BYTE_TOKENS } =
  await import(`${process.env.BAILEYS_MODULE || 'baileys'}/lib/WABinary/constants.js`);

/** Deterministic bytes, so failures reproduce. */
function bytes(size, seed = 1) {
  const out = Buffer.alloc(size);
  let state = (seed * 2654435761 + 12345) >>> 0;
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    out[i] = state >>> 16;
  }
  return out;
}

const repeat = (text, count) => text.repeat(count);

export const corpus = [
  // The worked example of the protocol notes (4.4), with its expected bytes.
  {
    name: 'notes example: iq ping',
    node: node('iq', { id: '1.2-3', to: '@s.whatsapp.net', type: 'get', xmlns: 'w:p' }, [node('ping')]),
    expectHex: '00f80a1908ff831b2a3f11fa000304291657f801f80156',
  },

  // JIDs of every kind, as attribute values.
  { name: 'PN user', node: node('message', { to: '15551234567@s.whatsapp.net', type: 'text', id: '3EB0ABCDEF012345' }) },
  { name: 'PN device', node: node('message', { to: '15551234567:3@s.whatsapp.net' }) },
  { name: 'PN device 0 (AD_JID with device 0)', node: node('message', { to: '15551234567:0@s.whatsapp.net' }) },
  { name: 'PN device 255', node: node('message', { participant: '15551234567:255@s.whatsapp.net' }) },
  { name: 'LID user', node: node('receipt', { from: '123456789012345@lid', type: 'read' }) },
  { name: 'LID device', node: node('receipt', { from: '123456789012345:12@lid', recipient: '123456789012345:0@lid' }) },
  { name: 'hosted device', node: node('message', { to: '15551234567:7@hosted' }), baileys6Unreadable: 'Baileys 6 reads every AD_JID domain other than 0 as @lid (it predates hosted and agent domains)' },
  {
    name: 'hosted LID device',
    node: node('message', { to: '123456789012345:2@hosted.lid' }),
    baileys6Unreadable: 'Baileys 6 reads every AD_JID domain other than 0 as @lid (it predates hosted and agent domains)',
  },
  {
    name: 'hosted without device',
    node: node('message', { to: '15551234567@hosted' }),
    divergence: 'hosted JIDs are always AD_JID (notes 4.6, whatsmeow); Baileys writes user@hosted as JID_PAIR',
    baileys6Unreadable: 'Baileys 6 reads every AD_JID domain other than 0 as @lid (it predates hosted and agent domains)',
  },
  {
    name: 'hosted LID without device',
    node: node('message', { to: '123456789012345@hosted.lid' }),
    divergence: 'hosted.lid JIDs are always AD_JID (notes 4.6, whatsmeow); Baileys writes a JID_PAIR',
    baileys6Unreadable: 'Baileys 6 reads every AD_JID domain other than 0 as @lid (it predates hosted and agent domains)',
  },
  {
    name: 'group with LID participant',
    node: node('message', { to: '120363012345678901@g.us', participant: '123456789012345:4@lid', addressing_mode: 'lid' }),
  },
  { name: 'old-style group', node: node('iq', { to: '15551234567-1600000000@g.us', type: 'get', xmlns: 'w:g2' }) },
  { name: 'status broadcast', node: node('message', { to: 'status@broadcast', type: 'media' }) },
  { name: 'broadcast list', node: node('message', { to: '1600000000@broadcast' }) },
  {
    name: 'bare servers',
    node: node('iq', { to: '@s.whatsapp.net', g: '@g.us', b: '@broadcast', l: '@lid', c: '@c.us', n: '@newsletter' }),
  },
  { name: 'legacy c.us', node: node('chat', { jid: '16505361212@c.us', server: 'server@c.us', psa: '0@c.us' }) },
  { name: 'newsletter', node: node('message', { to: '120363123456789012@newsletter', server_id: '101' }) },
  { name: 'bot', node: node('message', { to: '867051314767696@bot' }) },
  {
    name: 'Messenger FB_JID',
    node: node('message', { to: '100012345678901:2@msgr' }),
    divergence: 'we write FB_JID; Baileys has no FB_JID writer and sends user:device@msgr as AD_JID (server lost)',
    baileys6Unreadable: 'Baileys 6 has no FB_JID reader',
  },
  {
    name: 'interop INTEROP_JID',
    node: node('message', { to: '7-123456:2@interop' }),
    divergence: 'we write INTEROP_JID; Baileys sends it as an AD_JID with user "7-123456"',
    baileys6Unreadable: 'Baileys 6 has no INTEROP_JID reader',
  },
  {
    name: 'raw AD_JID domain byte (agent)',
    node: node('message', { to: '15551234567.5:3@s.whatsapp.net' }),
    divergence: 'our text form user.agent:device means AD_JID domain 5; Baileys reads "15551234567.5" as the user',
    baileys6Unreadable: 'Baileys 6 reads every AD_JID domain other than 0 as @lid (it predates hosted and agent domains)',
  },
  { name: 'JID as content', node: node('iq', { type: 'result' }, [node('jid', {}, '15551234567:1@s.whatsapp.net')]) },

  // Token dictionaries: every token once, as tags.
  {
    name: 'all single-byte tokens',
    node: node('list', {}, SINGLE_BYTE_TOKENS.slice(1).map((token) => node(token))),
  },
  ...DOUBLE_BYTE_TOKENS.map((dictionary, index) => ({
    name: `all tokens of dictionary ${index}`,
    node: node('list', {}, dictionary.map((token) => node(token))),
  })),
  {
    name: 'tokens as values and content',
    node: node('iq', { type: 'set', xmlns: 'encrypt', mode: 'passive', state: 'active' }, [
      node('count', {}, 'get'),
      node('status', {}, 'pair-device'),
      node('result', {}, 'failure'),
    ]),
  },

  // Packed strings at their edges.
  {
    name: 'nibble strings',
    node: node('x', { a: '1.2-3', b: '987654', c: '0', d: '15551234567', e: '-.-', f: '1600000000.5', g: '12' }),
  },
  { name: 'nibble 127 chars', node: node('x', { v: repeat('9', 127) }) },
  { name: 'nibble 128 chars (raw)', node: node('x', { v: repeat('9', 128) }) },
  { name: 'nibble content', node: node('t', {}, '1700000000') },
  { name: 'hex strings', node: node('x', { a: '3EB0ABCDEF', b: 'ABC', c: 'F', d: '0123456789ABCDEF', e: '3A' }) },
  { name: 'hex 127 chars', node: node('x', { v: repeat('A', 126) + '1' }) },
  { name: 'hex 128 chars (raw)', node: node('x', { v: repeat('B', 128) }) },
  { name: 'lowercase hex is raw', node: node('x', { v: '3eb0abcdef', w: '3EB0abc' }) },
  { name: 'hex content', node: node('id', {}, '3EB0C431C26A1916E07E') },

  // Raw strings.
  { name: 'unicode attribute', node: node('x', { name: 'h\u00e9llo w\u00f6rld \u{1F44B}', key_raw: 'sender_pn' }) },
  { name: 'raw text content becomes bytes', node: node('body', {}, 'hello \u{1F30D}') },
  {
    name: 'empty attribute value and empty text',
    node: node('x', { empty: '' }, ''),
    baileys6Divergence: 'Baileys 6 writes "" as token 0 (LIST_EMPTY, read back as ""); we write BINARY_8 0 like Baileys 7',
  },
  { name: 'string of 255 bytes', node: node('x', { v: repeat('s', 255) }) },
  { name: 'string of 256 bytes (BINARY_20)', node: node('x', { v: repeat('s', 256) }) },
  { name: 'string of 70000 bytes', node: node('x', { v: repeat('long ', 14000) }) },
  { name: 'string of 2^20 + 5 bytes (BINARY_32)', node: node('x', { v: repeat('z', (1 << 20) + 5) }) },
  { name: 'raw tags', node: node('pair-success', {}, [node('link_code_companion_reg', { stage: 'companion_hello' })]) },

  // Binary content across the length boundaries.
  ...[0, 1, 32, 255, 256, 65535, (1 << 20) - 1, 1 << 20, (1 << 20) + 1].map((size, index) => ({
    name: `binary content of ${size} bytes`,
    node: node('enc', { v: '2', type: 'msg' }, bytes(size, index + 1)),
  })),

  // Lists.
  { name: 'empty child list', node: node('iq', { type: 'result' }, []) },
  { name: 'one child without attributes', node: node('ib', {}, [node('offline', { count: '0' })]) },
  {
    name: 'nested ten levels',
    node: Array.from({ length: 10 }).reduce((inner, _, i) => node(`level${i}`, { depth: String(i) }, [inner]), node('leaf')),
  },
  { name: '255 children', node: node('list', {}, Array.from({ length: 255 }, (_, i) => node('item', { id: String(i) }))) },
  { name: '256 children (LIST_16)', node: node('list', {}, Array.from({ length: 256 }, (_, i) => node('item', { id: String(i) }))) },
  {
    name: '1000 mixed children',
    node: node('list', {}, Array.from({ length: 1000 }, (_, i) =>
      i % 3 === 0 ? node('user', { jid: `1555000${String(i).padStart(4, '0')}@s.whatsapp.net` })
        : i % 3 === 1 ? node('enc', {}, bytes(i % 50, i)) : node('count', {}, String(i)))),
  },
  {
    name: '127 attributes and content (LIST_16 node)',
    node: node('x', Array.from({ length: 127 }, (_, i) => [`attr${i}x`, `v${i}`]), bytes(3)),
  },
  { name: '130 attributes', node: node('x', Array.from({ length: 130 }, (_, i) => [`key_${i}`, String(i * 7)])) },

  // Realistic stanzas.
  {
    name: 'outgoing message with participants',
    node: node('message', { id: '3EB0C431C26A1916E07E', to: '15551234567@s.whatsapp.net', type: 'text' }, [
      node('participants', {}, [
        node('to', { jid: '15551234567:0@s.whatsapp.net' }, [node('enc', { v: '2', type: 'pkmsg' }, bytes(412, 7))]),
        node('to', { jid: '15551234567:5@s.whatsapp.net' }, [node('enc', { v: '2', type: 'msg' }, bytes(120, 8))]),
      ]),
      node('device-identity', {}, bytes(160, 9)),
    ]),
  },
  {
    name: 'incoming LID message',
    node: node('message', {
      from: '123456789012345@lid', sender_pn: '15551234567@s.whatsapp.net', id: '3A5F0E2D8C1B', t: '1732440000',
      type: 'text', notify: 'Ana', addressing_mode: 'lid',
    }, [node('enc', { v: '2', type: 'skmsg' }, bytes(90, 10))]),
  },
  {
    name: 'receipt with list',
    node: node('receipt', { id: '3EB0AA', from: '15551234567@s.whatsapp.net', type: 'read', t: '1732440001' }, [
      node('list', {}, [node('item', { id: '3EB0AB' }), node('item', { id: '3EB0AC' })]),
    ]),
  },
  {
    name: 'usync query',
    node: node('iq', { id: '41.7-2', to: '@s.whatsapp.net', type: 'get', xmlns: 'usync' }, [
      node('usync', { sid: 'sid-1', mode: 'query', last: 'true', index: '0', context: 'message' }, [
        node('query', {}, [node('devices', { version: '2' }), node('lid')]),
        node('list', {}, [node('user', { jid: '15551234567@s.whatsapp.net' })]),
      ]),
    ]),
  },
  {
    name: 'pair-device with refs',
    node: node('iq', { from: '@s.whatsapp.net', type: 'set', id: '1234', xmlns: 'md' }, [
      node('pair-device', {}, Array.from({ length: 6 }, (_, i) => node('ref', {}, Buffer.from(`2@ref${i}==`)))),
    ]),
  },
  { name: 'success', node: node('success', { t: '1732440000', props: '2', abprops: '3', location: 'frc', lid: '123456789012345@lid' }) },
  { name: 'stream error conflict', node: node('stream:error', {}, [node('conflict', { type: 'replaced' })]) },
  { name: 'ack', node: node('ack', { class: 'message', id: '3EB0AA', to: '15551234567@s.whatsapp.net', t: '1732440002' }) },
  {
    name: 'prekey upload',
    node: node('iq', { xmlns: 'encrypt', type: 'set', to: '@s.whatsapp.net', id: '9' }, [
      node('registration', {}, bytes(4, 11)),
      node('type', {}, Buffer.from([5])),
      node('identity', {}, bytes(32, 12)),
      node('list', {}, Array.from({ length: 30 }, (_, i) =>
        node('key', {}, [node('id', {}, bytes(3, 100 + i)), node('value', {}, bytes(32, 200 + i))]))),
      node('skey', {}, [node('id', {}, bytes(3, 13)), node('value', {}, bytes(32, 14)), node('signature', {}, bytes(64, 15))]),
    ]),
  },
  { name: 'notification', node: node('notification', { from: '120363012345678901@g.us', type: 'w:gp2', id: '7', participant: '123456789012345:3@lid' }, [node('add', {}, [node('participant', { jid: '123456789012345@lid' })])]) },
  { name: 'presence', node: node('presence', { type: 'available', name: 'Gateway' }) },
];
