// Our Signal layer (wa_signal_tool: one operation per run, so its SQLite stores are closed and reopened between
// every step) against the implementations Baileys uses with WhatsApp: npm libsignal@6.0.0 for pairwise sessions
// and Baileys' own group cipher for sender keys.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

import { BufferJSON } from 'baileys';
import {
  GroupCipher, GroupSessionBuilder, SenderKeyDistributionMessage, SenderKeyName, SenderKeyRecord,
} from 'baileys/lib/Signal/Group/index.js';
import libsignal from 'libsignal';

const { ProtocolAddress, SessionBuilder, SessionCipher, SessionRecord, curve, keyhelper } = libsignal;
const tool = process.env.WA_SIGNAL_TOOL;
assert.ok(tool, 'WA_SIGNAL_TOOL must name the wa_signal_tool binary');

const dirs = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

// Our side: one account in a fresh SQLite file.
function ourAccount(name) {
  const dir = mkdtempSync(join(tmpdir(), 'wagw-signal-'));
  dirs.push(dir);
  const call = (command, args = {}) => {
    let out;
    try {
      out = execFileSync(tool, [join(dir, 'signal.db'), join(dir, 'master.key'), name, command, JSON.stringify(args)]);
    } catch (e) {
      return JSON.parse(e.stdout.toString());
    }
    return JSON.parse(out.toString());
  };
  const ok = (command, args) => {
    const reply = call(command, args);
    assert.equal(reply.error, undefined, `${command}: ${reply.error}`);
    return reply;
  };
  return { name, call, ok, address: { name, device: 0 } };
}

// Node's side: libsignal's storage interface, serialising every record as a real store would.
class NodeStore {
  constructor() {
    this.identity = keyhelper.generateIdentityKeyPair();
    this.registrationId = keyhelper.generateRegistrationId();
    this.preKeys = new Map();
    this.signedPreKeys = new Map();
    this.sessions = new Map();
    this.senderKeys = new Map();
  }
  async getOurIdentity() { return this.identity; }
  async getOurRegistrationId() { return this.registrationId; }
  async isTrustedIdentity() { return true; }
  async loadSession(id) {
    const stored = this.sessions.get(id);
    return stored ? SessionRecord.deserialize(JSON.parse(stored)) : undefined;
  }
  async storeSession(id, record) { this.sessions.set(id, JSON.stringify(record.serialize())); }
  async loadPreKey(id) { return this.preKeys.get(Number(id)); }
  async removePreKey(id) { this.preKeys.delete(Number(id)); }
  async loadSignedPreKey(id) { return this.signedPreKeys.get(Number(id)); }
  async loadSenderKey(name) {
    const stored = this.senderKeys.get(name.toString());
    return stored ? SenderKeyRecord.deserialize(Buffer.from(stored)) : new SenderKeyRecord();
  }
  async storeSenderKey(name, record) {
    this.senderKeys.set(name.toString(), JSON.stringify(record.serialize(), BufferJSON.replacer));
  }

  bundle(preKeyId = 1, signedKeyId = 1) {
    const preKey = keyhelper.generatePreKey(preKeyId);
    const signed = keyhelper.generateSignedPreKey(this.identity, signedKeyId);
    this.preKeys.set(preKeyId, preKey.keyPair);
    this.signedPreKeys.set(signedKeyId, signed.keyPair);
    return {
      registrationId: this.registrationId,
      identityKey: this.identity.pubKey.toString('base64'),
      signedPreKey: { keyId: signedKeyId, publicKey: signed.keyPair.pubKey.toString('base64'),
                      signature: signed.signature.toString('base64') },
      preKey: { keyId: preKeyId, publicKey: preKey.keyPair.pubKey.toString('base64') },
    };
  }
}

const b64 = (s) => Buffer.from(s, 'base64');

async function nodeDecrypt(cipher, { type, body }) {
  const bytes = b64(body);
  const plain = type === 'pkmsg' ? await cipher.decryptPreKeyWhisperMessage(bytes) : await cipher.decryptWhisperMessage(bytes);
  return plain.toString();
}

async function nodeEncrypt(cipher, text) {
  const { type, body } = await cipher.encrypt(Buffer.from(text));
  return { type: type === 3 ? 'pkmsg' : 'msg', body: Buffer.from(body).toString('base64') };
}

describe('pairwise sessions with libsignal-node', () => {
  test('node publishes a bundle, we start the session; messages flow both ways, also out of order', async () => {
    const ours = ourAccount('4915550001');
    ours.ok('init', { pre_keys: 5 });
    const node = new NodeStore();
    const nodeAddr = { name: '4915550002', device: 3 };
    ours.ok('start-session', { peer: nodeAddr, bundle: node.bundle(7, 2) });

    const fromUs = new ProtocolAddress('4915550001', 0);
    const cipher = new SessionCipher(node, fromUs);
    for (let i = 1; i <= 3; i++) {
      const sent = ours.ok('encrypt', { peer: nodeAddr, text: `hello ${i}` });
      assert.equal(sent.type, 'pkmsg', 'we keep sending pre-key messages until node answers');
      assert.equal(await nodeDecrypt(cipher, sent), `hello ${i}`);
    }
    assert.equal(node.preKeys.has(7), false, 'node consumed its one-time pre-key');

    for (const text of ['reply one', 'reply two']) {
      const reply = await nodeEncrypt(cipher, text);
      assert.equal(reply.type, 'msg');
      assert.equal(ours.ok('decrypt', { peer: nodeAddr, ...reply }).text, text);
    }

    // Out of order both ways, across ratchet turns.
    const ourBatch = [0, 1, 2, 3].map((i) => ours.ok('encrypt', { peer: nodeAddr, text: `ours ${i}` }));
    assert.ok(ourBatch.every((m) => m.type === 'msg'));
    for (const i of [2, 0, 3, 1]) assert.equal(await nodeDecrypt(cipher, ourBatch[i]), `ours ${i}`);
    const nodeBatch = [];
    for (let i = 0; i < 4; i++) nodeBatch.push(await nodeEncrypt(cipher, `node ${i}`));
    for (const i of [3, 1, 0, 2]) assert.equal(ours.ok('decrypt', { peer: nodeAddr, ...nodeBatch[i] }).text, `node ${i}`);
  });

  test('we publish a bundle, node starts the session', async () => {
    const ours = ourAccount('4915550003');
    const published = ours.ok('init', { pre_keys: 3 });
    // Our signed pre-key signature verifies in libsignal-node (XEdDSA over the 33-byte key).
    assert.ok(curve.verifySignature(b64(published.identityKey), b64(published.signedPreKey.publicKey),
                                    b64(published.signedPreKey.signature)));
    const bundle = ours.ok('bundle');
    const device = {
      registrationId: bundle.registrationId,
      identityKey: b64(bundle.identityKey),
      signedPreKey: { keyId: bundle.signedPreKey.keyId, publicKey: b64(bundle.signedPreKey.publicKey),
                      signature: b64(bundle.signedPreKey.signature) },
      preKey: { keyId: bundle.preKey.keyId, publicKey: b64(bundle.preKey.publicKey) },
    };
    const node = new NodeStore();
    const toUs = new ProtocolAddress('4915550003', 0);
    await new SessionBuilder(node, toUs).initOutgoing(device);
    const cipher = new SessionCipher(node, toUs);
    const nodeAddr = { name: '4915550004_1', device: 0 };  // a LID-style name

    const first = await nodeEncrypt(cipher, 'from node, first');
    assert.equal(first.type, 'pkmsg');
    assert.equal(ours.ok('decrypt', { peer: nodeAddr, ...first }).text, 'from node, first');
    const replay = ours.call('decrypt', { peer: nodeAddr, ...first });
    assert.match(replay.error, /duplicate_message|unknown_pre_key/, 'a replayed pkmsg is refused');

    const answer = ours.ok('encrypt', { peer: nodeAddr, text: 'from us' });
    assert.equal(answer.type, 'msg');
    assert.equal(await nodeDecrypt(cipher, answer), 'from us');
    const second = await nodeEncrypt(cipher, 'from node, second');
    assert.equal(second.type, 'msg');
    assert.equal(ours.ok('decrypt', { peer: nodeAddr, ...second }).text, 'from node, second');
  });

  test('a damaged message is rejected and the next good one still decrypts', async () => {
    const ours = ourAccount('4915550005');
    ours.ok('init', { pre_keys: 1 });
    const node = new NodeStore();
    const nodeAddr = { name: '4915550006', device: 0 };
    ours.ok('start-session', { peer: nodeAddr, bundle: node.bundle() });
    const cipher = new SessionCipher(node, new ProtocolAddress('4915550005', 0));
    assert.equal(await nodeDecrypt(cipher, ours.ok('encrypt', { peer: nodeAddr, text: 'setup' })), 'setup');

    const good = await nodeEncrypt(cipher, 'intact');
    const bytes = b64(good.body);
    for (const at of [1, 5, Math.floor(bytes.length / 2), bytes.length - 1]) {
      const damaged = Buffer.from(bytes);
      damaged[at] ^= 0x20;
      const reply = ours.call('decrypt', { peer: nodeAddr, type: good.type, body: damaged.toString('base64') });
      assert.ok(reply.error, `flipping byte ${at} must fail`);
    }
    assert.equal(ours.ok('decrypt', { peer: nodeAddr, ...good }).text, 'intact');

    const ourGood = ours.ok('encrypt', { peer: nodeAddr, text: 'ours intact' });
    const ourDamaged = b64(ourGood.body);
    ourDamaged[ourDamaged.length - 3] ^= 1;
    await assert.rejects(nodeDecrypt(cipher, { type: ourGood.type, body: ourDamaged.toString('base64') }));
  });
});

describe("group sender keys with Baileys' group cipher", () => {
  const group = '120363041234567890@g.us';

  test('node processes our distribution and decrypts our skmsg', async () => {
    const ours = ourAccount('4915550007');
    const { distribution } = ours.ok('sender-key', { group, self: ours.address });
    const node = new NodeStore();
    const name = new SenderKeyName(group, new ProtocolAddress(ours.name, 0));
    await new GroupSessionBuilder(node).process(name, new SenderKeyDistributionMessage(null, null, null, null, b64(distribution)));
    const cipher = new GroupCipher(node, name);
    const sent = [0, 1, 2, 3, 4].map((i) => ours.ok('group-encrypt', { group, self: ours.address, text: `to group ${i}` }));
    for (const i of [0, 1, 4, 2, 3]) assert.equal((await cipher.decrypt(b64(sent[i].body))).toString(), `to group ${i}`);

    const forged = b64(sent[0].body);
    forged[5] ^= 1;
    await assert.rejects(cipher.decrypt(forged));
  });

  test("we process node's distribution and decrypt its skmsg", async () => {
    const ours = ourAccount('4915550008');
    const node = new NodeStore();
    const sender = { name: '4915550009', device: 2 };
    const name = new SenderKeyName(group, new ProtocolAddress(sender.name, sender.device));
    const distribution = await new GroupSessionBuilder(node).create(name);
    ours.ok('process-sender-key', { group, sender, distribution: Buffer.from(distribution.serialize()).toString('base64') });
    const cipher = new GroupCipher(node, name);
    const sent = [];
    for (let i = 0; i < 5; i++) sent.push(Buffer.from(await cipher.encrypt(Buffer.from(`node group ${i}`))));
    // Baileys numbers its iterations 0, 2, 4...: we must keep the skipped keys.
    for (const i of [0, 3, 1, 4, 2]) {
      assert.equal(ours.ok('group-decrypt', { group, sender, body: sent[i].toString('base64') }).text, `node group ${i}`);
    }
    const damaged = Buffer.from(sent[2]);
    damaged[damaged.length - 1] ^= 1;
    assert.ok(ours.call('group-decrypt', { group, sender, body: damaged.toString('base64') }).error);
  });
});
