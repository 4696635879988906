// Our Noise handshake against the real peer: Baileys 7.0.0-rc13's own noise handler (makeNoiseHandler), driven
// exactly as Baileys' socket.js drives it, talking to wa_noise_tool over stdin/stdout (one JSON line per reply).
//
// 1. Baileys as client  -> our responder: full handshake through Baileys' framing, cert-chain handling and
//    ClientPayload encoder; then transport frames both ways (incl. Baileys' binary-node decoder).
// 2. Our initiator -> a responder built from Baileys' symmetric-state primitives (authenticate / mixIntoKey /
//    encrypt / decrypt) and a chain signed with libsignal-node: full certificate verification on our side.
// 3. What Baileys itself checks in the certificate chain (probed with deliberately broken chains).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import {
    makeNoiseHandler, proto, Curve, NOISE_WA_HEADER, WA_CERT_DETAILS, initAuthCreds, generateRegistrationNode,
    generateLoginNode, encodeBinaryNode, DEFAULT_CONNECTION_CONFIG
} from 'baileys';

const require = createRequire(import.meta.url);
const libsignalCurve = require('libsignal/src/curve.js');

const TOOL = process.env.WA_NOISE_TOOL;
assert.ok(TOOL, 'WA_NOISE_TOOL must point at the built wa_noise_tool');

const silentLogger = {
    level: 'silent',
    child() { return this; },
    trace() {}, debug() {}, info() {}, warn() {}, error() {}
};
const config = {
    version: DEFAULT_CONNECTION_CONFIG.version,
    browser: DEFAULT_CONNECTION_CONFIG.browser,
    syncFullHistory: true,
    countryCode: 'US'
};
const hex = (b) => Buffer.from(b).toString('hex');
const unhex = (h) => Buffer.from(h, 'hex');
const withLength = (payload) => {
    const frame = Buffer.alloc(3 + payload.length);
    frame.writeUIntBE(payload.length, 0, 3);
    Buffer.from(payload).copy(frame, 3);
    return frame;
};

// One wa_noise_tool process; call() sends "verb HEX" and resolves with the next JSON reply.
class NoiseTool {
    constructor(args) {
        this.child = spawn(TOOL, args, { stdio: ['pipe', 'pipe', 'inherit'] });
        this.lines = [];
        this.waiters = [];
        createInterface({ input: this.child.stdout }).on('line', (line) => {
            const message = JSON.parse(line);
            const waiter = this.waiters.shift();
            if (waiter) waiter(message); else this.lines.push(message);
        });
    }
    next() {
        if (this.lines.length) return Promise.resolve(this.lines.shift());
        return new Promise((resolve) => this.waiters.push(resolve));
    }
    call(verb, bytes) {
        this.child.stdin.write(`${verb} ${hex(bytes)}\n`);
        return this.next();
    }
    close() {
        this.child.stdin.end('quit\n');
    }
}

// Baileys' client side, step by step as in Socket/socket.js validateConnection().
async function baileysClientHandshake(tool, payloadNode) {
    const ephemeral = Curve.generateKeyPair();
    const creds = initAuthCreds();
    const noise = makeNoiseHandler({ keyPair: ephemeral, NOISE_HEADER: NOISE_WA_HEADER, logger: silentLogger });

    const hello = proto.HandshakeMessage.encode({ clientHello: { ephemeral: ephemeral.public } }).finish();
    const firstMessage = noise.encodeFrame(hello);
    // What the transport layer must strip: the "WA" 6 3 header, then one 3-byte length.
    assert.deepEqual([...firstMessage.subarray(0, 4)], [0x57, 0x41, 6, 3]);
    assert.equal(firstMessage.readUIntBE(4, 3), hello.length);
    const serverHello = await tool.call('hello', firstMessage.subarray(7));
    assert.equal(serverHello.event, 'server_hello', JSON.stringify(serverHello));

    const frames = [];
    await noise.decodeFrame(withLength(unhex(serverHello.data)), (frame) => frames.push(frame));
    assert.equal(frames.length, 1);
    const keyEnc = noise.processHandshake(proto.HandshakeMessage.decode(frames[0]), creds.noiseKey);

    const node = payloadNode(creds);
    const payloadEnc = noise.encrypt(proto.ClientPayload.encode(node).finish());
    const finishFrame = noise.encodeFrame(
        proto.HandshakeMessage.encode({ clientFinish: { static: keyEnc, payload: payloadEnc } }).finish());
    const finished = await tool.call('finish', finishFrame.subarray(3));
    await noise.finishInit();
    return { noise, creds, finished };
}

test('Baileys client completes the handshake with our responder; registration payload and transport both ways', async () => {
    const tool = new NoiseTool(['responder']);
    try {
        const ready = await tool.next();
        assert.equal(ready.event, 'ready');
        const { noise, creds, finished } = await baileysClientHandshake(tool, (c) => generateRegistrationNode(c, config));
        assert.equal(finished.event, 'finished', JSON.stringify(finished));
        assert.equal(finished.clientStatic, hex(creds.noiseKey.public));

        // Our ClientPayload schema reads what Baileys' encoder wrote (field numbers agree).
        const p = finished.parsed;
        assert.equal(p.passive, false);
        assert.equal(p.pull, false);
        assert.equal(p.platform, proto.ClientPayload.UserAgent.Platform.WEB);
        assert.deepEqual(p.appVersion, config.version.slice(0, 3));
        assert.equal(p.connectType, proto.ClientPayload.ConnectType.WIFI_UNKNOWN);
        assert.equal(p.connectReason, proto.ClientPayload.ConnectReason.USER_ACTIVATED);
        assert.equal(p.country, 'US');
        assert.equal(p.device_name, 'Desktop');
        const regid = Buffer.alloc(4);
        regid.writeUInt32BE(creds.registrationId);
        assert.equal(p.pairing.eRegid, hex(regid));
        assert.equal(p.pairing.eKeytype, '05');
        assert.equal(p.pairing.eIdent, hex(creds.signedIdentityKey.public));
        assert.equal(p.pairing.eSkeyId, '000001');
        assert.equal(p.pairing.eSkeyVal, hex(creds.signedPreKey.keyPair.public));
        assert.equal(p.pairing.eSkeySig, hex(creds.signedPreKey.signature));
        assert.equal(p.pairing.buildHash, createHash('md5').update(config.version.join('.')).digest('hex'));
        assert.equal(p.pairing.propsParsed, true);
        assert.equal(p.pairing.os, config.browser[0]);
        assert.equal(p.pairing.platformType, proto.DeviceProps.PlatformType.CHROME);
        assert.equal(p.pairing.requireFullSync, true);
        assert.equal(p.pairing.storageQuotaMb, 10240);
        assert.deepEqual(p.pairing.propsVersion, [10, 15, 7]);

        for (let i = 0; i < 5; i++) {
            // client -> server: a real binary node framed by Baileys
            const up = encodeBinaryNode({ tag: 'iq', attrs: { id: `up-${i}`, type: 'get', xmlns: 'w:p' } });
            const upFrame = noise.encodeFrame(up);
            const plain = await tool.call('decrypt', upFrame.subarray(3));
            assert.equal(plain.event, 'plain', JSON.stringify(plain));
            assert.equal(plain.data, hex(up));

            // server -> client: through Baileys' frame decoder, which decrypts and decodes the node
            const down = encodeBinaryNode({ tag: 'iq', attrs: { id: `down-${i}`, type: 'result' } });
            const cipher = await tool.call('encrypt', down);
            assert.equal(cipher.event, 'cipher');
            const nodes = [];
            await noise.decodeFrame(withLength(unhex(cipher.data)), (n) => nodes.push(n));
            assert.equal(nodes.length, 1);
            assert.equal(nodes[0].tag, 'iq');
            assert.equal(nodes[0].attrs.id, `down-${i}`);
        }
        // raw bytes too (not only binary nodes), through Baileys' transport decrypt
        const raw = randomBytes(300);
        const rawCipher = await tool.call('encrypt', raw);
        assert.deepEqual(noise.decrypt(unhex(rawCipher.data)), raw);

        // A frame tampered in flight is refused by our side with the GCM error, and the read side stays closed.
        const tampered = Buffer.from(noise.encodeFrame(Buffer.from([0, 1, 2, 3])).subarray(3));
        tampered[2] ^= 1;
        const refused = await tool.call('decrypt', tampered);
        assert.equal(refused.event, 'error');
        assert.equal(refused.code, 'bad_gcm_tag');
        const after = await tool.call('decrypt', noise.encodeFrame(Buffer.from([9])).subarray(3));
        assert.equal(after.code, 'read_closed');
        // And Baileys refuses a frame of ours that was tampered with.
        const ours = unhex((await tool.call('encrypt', Buffer.from('x'))).data);
        ours[0] ^= 1;
        assert.throws(() => noise.decrypt(ours));
    } finally {
        tool.close();
    }
});

test('Baileys login payload (paired device) reaches our responder intact', async () => {
    const tool = new NoiseTool(['responder']);
    try {
        await tool.next();
        const { finished } = await baileysClientHandshake(tool, () => generateLoginNode('4915112345678:7@s.whatsapp.net', config));
        assert.equal(finished.event, 'finished', JSON.stringify(finished));
        assert.equal(finished.parsed.username, '4915112345678');
        assert.equal(finished.parsed.device, 7);
        assert.equal(finished.parsed.passive, true);
        assert.equal(finished.parsed.pull, true);
        assert.equal(finished.parsed.pairing, undefined);
    } finally {
        tool.close();
    }
});

// A chain built with Baileys' proto encoder and signed by libsignal-node (Baileys' Curve.sign).
function nodeChain({ root, leafKey, intermediateIssuer = 0, leafIssuer = 1, notBefore, notAfter }) {
    const now = Math.floor(Date.now() / 1000);
    const intermediate = Curve.generateKeyPair();
    const window = { notBefore: notBefore ?? now - 60, notAfter: notAfter ?? now + 3600 };
    const Details = proto.CertChain.NoiseCertificate.Details;
    const intermediateDetails = Details.encode({ serial: 1, issuerSerial: intermediateIssuer, key: intermediate.public, ...window }).finish();
    const leafDetails = Details.encode({ serial: 2, issuerSerial: leafIssuer, key: leafKey, ...window }).finish();
    return proto.CertChain.encode({
        intermediate: { details: intermediateDetails, signature: Curve.sign(root.private, intermediateDetails) },
        leaf: { details: leafDetails, signature: Curve.sign(intermediate.private, leafDetails) }
    }).finish();
}

// The responder side, built from Baileys' noise handler state (its authenticate/mixIntoKey/encrypt/decrypt are
// the same symmetric-state operations for either role). Returns our initiator's verdict.
async function ourInitiatorAgainstBaileysResponder({ trustedRoot, chainFor }) {
    const serverStatic = Curve.generateKeyPair();
    const serverEphemeral = Curve.generateKeyPair();
    const clientPayload = proto.ClientPayload.encode(generateLoginNode('4915112345678:2@s.whatsapp.net', config)).finish();
    const tool = new NoiseTool(['initiator', '--root', hex(trustedRoot), '--payload', hex(clientPayload)]);
    try {
        const hello = await tool.next();
        assert.equal(hello.event, 'client_hello');
        const clientEphemeral = proto.HandshakeMessage.decode(unhex(hello.data)).clientHello.ephemeral;
        assert.equal(clientEphemeral.length, 32);

        // Constructed with the client's ephemeral as "public": it hashes prologue then that key, as a responder must.
        const noise = makeNoiseHandler({
            keyPair: { private: serverEphemeral.private, public: Buffer.from(clientEphemeral) },
            NOISE_HEADER: NOISE_WA_HEADER, logger: silentLogger
        });
        noise.authenticate(serverEphemeral.public);
        noise.mixIntoKey(Curve.sharedKey(serverEphemeral.private, clientEphemeral));
        const encryptedStatic = noise.encrypt(serverStatic.public);
        noise.mixIntoKey(Curve.sharedKey(serverStatic.private, clientEphemeral));
        const encryptedChain = noise.encrypt(chainFor(serverStatic));
        const serverHello = proto.HandshakeMessage.encode({
            serverHello: { ephemeral: serverEphemeral.public, static: encryptedStatic, payload: encryptedChain }
        }).finish();

        const reply = await tool.call('server_hello', serverHello);
        if (reply.event !== 'client_finish') return { verdict: reply.code, reply };
        assert.equal(reply.serverStatic, hex(serverStatic.public));

        const finish = proto.HandshakeMessage.decode(unhex(reply.data)).clientFinish;
        const clientStatic = noise.decrypt(finish.static);
        assert.equal(hex(clientStatic), hello.static);
        noise.mixIntoKey(Curve.sharedKey(serverEphemeral.private, clientStatic));
        assert.deepEqual(Buffer.from(noise.decrypt(finish.payload)), Buffer.from(clientPayload));
        await noise.finishInit();

        // Baileys' transport state always writes with the first split key, the key our initiator writes with;
        // AES-GCM is deterministic, so equal ciphertexts for equal plaintexts prove the same key and counter.
        for (let i = 0; i < 4; i++) {
            const message = randomBytes(20 + i);
            const ours = await tool.call('encrypt', message);
            assert.equal(ours.data, hex(noise.encrypt(message)), `client->server frame ${i}`);
        }
        return { verdict: 'ok' };
    } finally {
        tool.close();
    }
}

test('our initiator verifies a chain signed by libsignal-node and completes the handshake with a Baileys-built responder', async () => {
    const root = Curve.generateKeyPair();
    const { verdict } = await ourInitiatorAgainstBaileysResponder({
        trustedRoot: root.public, chainFor: (s) => nodeChain({ root, leafKey: s.public })
    });
    assert.equal(verdict, 'ok');
});

test('our initiator rejects broken chains from the Baileys-built responder, each with its own error', async () => {
    const root = Curve.generateKeyPair();
    const now = Math.floor(Date.now() / 1000);
    const cases = [
        ['bad_intermediate_signature', { trustedRoot: Curve.generateKeyPair().public, chainFor: (s) => nodeChain({ root, leafKey: s.public }) }],
        ['bad_intermediate_signature', { trustedRoot: WA_CERT_DETAILS.PUBLIC_KEY, chainFor: (s) => nodeChain({ root, leafKey: s.public }) }],
        ['leaf_key_mismatch', { trustedRoot: root.public, chainFor: () => nodeChain({ root, leafKey: Curve.generateKeyPair().public }) }],
        ['issuer_serial_mismatch', { trustedRoot: root.public, chainFor: (s) => nodeChain({ root, leafKey: s.public, intermediateIssuer: 3 }) }],
        ['issuer_serial_mismatch', { trustedRoot: root.public, chainFor: (s) => nodeChain({ root, leafKey: s.public, leafIssuer: 4 }) }],
        ['expired', { trustedRoot: root.public, chainFor: (s) => nodeChain({ root, leafKey: s.public, notBefore: now - 7200, notAfter: now - 3600 }) }],
        ['not_yet_valid', { trustedRoot: root.public, chainFor: (s) => nodeChain({ root, leafKey: s.public, notBefore: now + 3600, notAfter: now + 7200 }) }]
    ];
    for (const [expected, setup] of cases) {
        const { verdict } = await ourInitiatorAgainstBaileysResponder(setup);
        assert.equal(verdict, expected);
    }
});

// What Baileys 7.0.0-rc13 itself verifies (lib/Utils/noise-handler.js processHandshake). Its Curve.verify
// returns true unless libsignal *throws*, and libsignal's verifySignature returns false for a wrong signature,
// so only structure is enforced. These cases document that, so a Baileys upgrade that changes it shows up here.
async function baileysVerdictOn(chainKind) {
    const tool = new NoiseTool(['responder', '--chain', chainKind]);
    try {
        const ready = await tool.next();
        assert.equal(ready.event, 'ready', JSON.stringify(ready));
        try {
            const { finished } = await baileysClientHandshake(tool, (c) => generateRegistrationNode(c, config));
            assert.equal(finished.event, 'finished');
            return { verdict: 'accepted', ready };
        } catch (error) {
            return { verdict: error.message, ready };
        }
    } finally {
        tool.close();
    }
}

test('Baileys accepts our properly signed chain although it names WhatsApp\'s root, whose signature check fails', async () => {
    const { verdict, ready } = await baileysVerdictOn('valid');
    assert.equal(verdict, 'accepted');
    const chain = proto.CertChain.decode(unhex(ready.chain));
    const typed = (k) => Buffer.concat([Buffer.from([5]), Buffer.from(k)]);
    // Our chain is genuinely signed by our root (libsignal-node agrees) ...
    assert.equal(libsignalCurve.verifySignature(typed(unhex(ready.root)), Buffer.from(chain.intermediate.details), Buffer.from(chain.intermediate.signature)), true);
    const intermediateKey = proto.CertChain.NoiseCertificate.Details.decode(chain.intermediate.details).key;
    assert.equal(libsignalCurve.verifySignature(typed(intermediateKey), Buffer.from(chain.leaf.details), Buffer.from(chain.leaf.signature)), true);
    // ... and not by WhatsApp's, which is the key Baileys "checks" against: the result false is ignored.
    assert.equal(libsignalCurve.verifySignature(typed(WA_CERT_DETAILS.PUBLIC_KEY), Buffer.from(chain.intermediate.details), Buffer.from(chain.intermediate.signature)), false);
    assert.equal(Curve.verify(WA_CERT_DETAILS.PUBLIC_KEY, chain.intermediate.details, chain.intermediate.signature), true);
});

test('Baileys enforces only structure: intermediate issuer serial 0 and 64-byte signatures', async () => {
    assert.equal((await baileysVerdictOn('zero-signatures')).verdict, 'accepted');
    assert.equal((await baileysVerdictOn('leaf-key-mismatch')).verdict, 'accepted');
    assert.equal((await baileysVerdictOn('expired')).verdict, 'accepted');
    assert.equal((await baileysVerdictOn('leaf-issuer-serial')).verdict, 'accepted');
    assert.equal((await baileysVerdictOn('intermediate-issuer-serial')).verdict, 'certification match failed');
    assert.equal((await baileysVerdictOn('short-signature')).verdict, 'noise certificate signature invalid');
});
