// Byte-exact cross-check of our WABinary codec (through wa_binary_tool) against Baileys: 7.0.0-rc13 (dictionary
// version 3) by default, or any release named by BAILEYS_MODULE (baileys6 = 6.17.16, dictionary version 2), with
// our codec told to use the dictionary version that release speaks (its DICT_VERSION).
//   Direction 1: Baileys encodes each corpus node -> we decode it to the node Baileys decodes -> our re-encoding
//                is the same bytes (also when the payload arrives zlib-compressed).
//   Direction 2: we encode each corpus node -> Baileys decodes it to the node we decode; the bytes equal
//                Baileys' own unless the corpus names a deliberate divergence. Compressed payloads too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { deflateSync } from 'node:zlib';

import { corpus } from './corpus.mjs';
import { toBaileysNode, toJsonForm } from './node_json.mjs';

const BAILEYS_MODULE = process.env.BAILEYS_MODULE || 'baileys';
const baileys = await import(BAILEYS_MODULE);
const { encodeBinaryNode, decodeBinaryNode, DICT_VERSION } = baileys;

const toolPath = process.env.WA_BINARY_TOOL;
assert.ok(toolPath, 'WA_BINARY_TOOL must point at the wa_binary_tool executable');

assert.ok(DICT_VERSION === 2 || DICT_VERSION === 3, `unexpected DICT_VERSION ${DICT_VERSION}`);

function runTool(requests) {
  const run = spawnSync(toolPath, ['--dictionary', String(DICT_VERSION)], { input: JSON.stringify({ requests }), maxBuffer: 1 << 30 });
  assert.equal(run.status, 0, `wa_binary_tool failed: ${run.stderr}`);
  const { responses } = JSON.parse(run.stdout.toString('utf8'));
  assert.equal(responses.length, requests.length);
  return responses;
}

const compress = (payload) => Buffer.concat([Buffer.from([2]), deflateSync(payload.subarray(1))]);
const hex = (buffer) => Buffer.from(buffer).toString('hex');
const baileysView = async (payload) => toJsonForm(await decodeBinaryNode(Buffer.from(payload)));
const ok = (response, what) => {
  assert.ok(response.ok, `${what}: ${response.code} ${response.message}`);
  return response;
};

// Everything Baileys produces up front; then two batched tool runs.
const baileysBytes = corpus.map((entry) => encodeBinaryNode(toBaileysNode(entry.node)));
const baileysViews = await Promise.all(baileysBytes.map(baileysView));

const firstRun = runTool(corpus.flatMap((entry, i) => [
  { op: 'decode', hex: hex(baileysBytes[i]) },
  { op: 'decode', hex: hex(compress(baileysBytes[i])) },
  { op: 'encode', node: entry.node },
  { op: 'encode', node: entry.node, compress: true },
]));
const results = corpus.map((_, i) => ({
  decodedBaileys: firstRun[4 * i],
  decodedBaileysCompressed: firstRun[4 * i + 1],
  ours: firstRun[4 * i + 2],
  oursCompressed: firstRun[4 * i + 3],
}));
const secondRun = runTool(results.map((r) => ({ op: 'decode', hex: r.ours.ok ? r.ours.hex : '' })));

test('the corpus is large and varied enough', () => {
  assert.ok(corpus.length >= 50, `only ${corpus.length} nodes`);
  const allHex = baileysBytes.map(hex).join(' ');
  // Every special tag byte Baileys can write appears somewhere (FB_JID/INTEROP_JID only we write).
  const oursHex = results.map((r) => r.ours.hex ?? '').join(' ');
  for (const [name, tag] of Object.entries({ LIST_EMPTY: 0x00, AD_JID: 0xf7, LIST_8: 0xf8, LIST_16: 0xf9, JID_PAIR: 0xfa,
    HEX_8: 0xfb, BINARY_8: 0xfc, BINARY_20: 0xfd, BINARY_32: 0xfe, NIBBLE_8: 0xff, DICTIONARY_0: 0xec,
    DICTIONARY_1: 0xed, DICTIONARY_2: 0xee, DICTIONARY_3: 0xef })) {
    assert.ok(allHex.includes(tag.toString(16).padStart(2, '0')), `no ${name} in Baileys' bytes`);
  }
  assert.ok(oursHex.includes('f6'), 'no FB_JID in our bytes');
  assert.ok(oursHex.includes('f5'), 'no INTEROP_JID in our bytes');
});

corpus.forEach((entry, i) => {
  test(entry.name, async () => {
    const r = results[i];
    const theirBytes = hex(baileysBytes[i]);
    // The notes quote version 3 bytes.
    if (entry.expectHex && DICT_VERSION === 3) assert.equal(theirBytes, entry.expectHex, 'Baileys disagrees with the notes');

    const releaseDivergence = BAILEYS_MODULE === 'baileys6' ? entry.baileys6Divergence : undefined;
    const unreadable = BAILEYS_MODULE === 'baileys6' ? entry.baileys6Unreadable : undefined;

    // Direction 1: Baileys -> us.
    const decoded = ok(r.decodedBaileys, 'decoding Baileys bytes');
    assert.deepEqual(decoded.node, baileysViews[i], 'we read Baileys bytes differently from Baileys');
    if (releaseDivergence) {
      assert.notEqual(decoded.reencoded, theirBytes, `expected a divergence (${releaseDivergence}); did one side change?`);
    } else {
      assert.equal(decoded.reencoded, theirBytes, 'our re-encoding of Baileys bytes differs');
    }
    assert.deepEqual(ok(r.decodedBaileysCompressed, 'decoding compressed').node, baileysViews[i]);

    // Direction 2: us -> Baileys.
    const ours = ok(r.ours, 'encoding');
    const ourView = ok(secondRun[i], 'decoding our own bytes').node;
    if (unreadable) {
      const theirView = await baileysView(Buffer.from(ours.hex, 'hex')).catch((error) => ({ error: String(error) }));
      assert.notDeepEqual(theirView, ourView, `expected ${BAILEYS_MODULE} to misread this (${unreadable}); does it read it now?`);
      return;
    }
    assert.deepEqual(await baileysView(Buffer.from(ours.hex, 'hex')), ourView, 'Baileys reads our bytes differently');
    const oursCompressed = ok(r.oursCompressed, 'encoding compressed');
    assert.equal(oursCompressed.hex.slice(0, 2), '02');
    assert.deepEqual(await baileysView(Buffer.from(oursCompressed.hex, 'hex')), ourView);

    if (entry.divergence || releaseDivergence) {
      assert.notEqual(ours.hex, theirBytes,
        `expected a divergence (${entry.divergence || releaseDivergence}); did one side change?`);
    } else {
      assert.equal(ours.hex, theirBytes, 'our bytes differ from Baileys bytes');
      assert.deepEqual(ourView, baileysViews[i]);
    }
  });
});

test('both codecs reject Baileys bytes cut short', async () => {
  const samples = corpus.filter((entry) => JSON.stringify(entry.node).length < 2000).slice(0, 25);
  const cuts = [];
  for (const entry of samples) {
    const full = encodeBinaryNode(toBaileysNode(entry.node));
    for (let length = 1; length < full.length; length++) cuts.push(full.subarray(0, length));
  }
  const responses = runTool(cuts.map((cut) => ({ op: 'decode', hex: hex(cut) })));
  for (const [index, cut] of cuts.entries()) {
    assert.equal(responses[index].ok, false, `we accepted ${hex(cut)}`);
    await assert.rejects(decodeBinaryNode(Buffer.from(cut)), `Baileys accepted ${hex(cut)}`);
  }
});
