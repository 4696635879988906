// Our Noise responder against Baileys 6.17.16's own noise handler (npm alias baileys6), which sends the connection
// header "WA" 6 2 and mixes it as its Noise prologue. Driven as Baileys 6's socket.js drives it, talking to
// wa_noise_tool over stdin/stdout. The responder must be given the header the client sent: with "WA" 6 3 instead,
// Baileys 6 cannot open our server hello.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const baileys6 = (await import('baileys6')).default;
const { makeNoiseHandler, proto, Curve, NOISE_WA_HEADER, initAuthCreds, generateLoginNode, encodeBinaryNode,
        DEFAULT_CONNECTION_CONFIG } = baileys6;

const TOOL = process.env.WA_NOISE_TOOL;
assert.ok(TOOL, 'WA_NOISE_TOOL must point at the built wa_noise_tool');

const silentLogger = { level: 'silent', child() { return this; }, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
const hex = (b) => Buffer.from(b).toString('hex');
const unhex = (h) => Buffer.from(h, 'hex');
const withLength = (payload) => {
    const frame = Buffer.alloc(3 + payload.length);
    frame.writeUIntBE(payload.length, 0, 3);
    Buffer.from(payload).copy(frame, 3);
    return frame;
};

// One wa_noise_tool process; call() sends "verb HEX" and resolves with the next JSON reply (bounded).
function startTool(args) {
    const child = spawn(TOOL, args, { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines = [];
    const waiters = [];
    createInterface({ input: child.stdout }).on('line', (line) => {
        const message = JSON.parse(line);
        const waiter = waiters.shift();
        if (waiter) waiter(message); else lines.push(message);
    });
    const next = () => {
        if (lines.length) return Promise.resolve(lines.shift());
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error('wa_noise_tool did not answer within 10 s')), 10000);
            waiters.push((message) => { clearTimeout(timer); resolve(message); });
        });
    };
    return {
        next,
        call: (verb, bytes) => { child.stdin.write(`${verb} ${hex(bytes)}\n`); return next(); },
        close: () => child.stdin.end('quit\n'),
    };
}

// Baileys 6's client side up to its finish frame, step by step as in its socket.js validateConnection().
async function baileys6Handshake(tool) {
    const ephemeral = Curve.generateKeyPair();
    const creds = initAuthCreds();
    const noise = makeNoiseHandler({ keyPair: ephemeral, NOISE_HEADER: NOISE_WA_HEADER, logger: silentLogger });
    const hello = proto.HandshakeMessage.encode({ clientHello: { ephemeral: ephemeral.public } }).finish();
    const firstMessage = noise.encodeFrame(hello);
    assert.deepEqual([...firstMessage.subarray(0, 4)], [0x57, 0x41, 6, 2], 'Baileys 6 sends "WA" 6 2');
    const serverHello = await tool.call('hello', firstMessage.subarray(7));
    assert.equal(serverHello.event, 'server_hello', JSON.stringify(serverHello));
    const frames = [];
    await noise.decodeFrame(withLength(unhex(serverHello.data)), (frame) => frames.push(frame));
    assert.equal(frames.length, 1);
    // Throws when the server mixed another prologue: the server static does not decrypt.
    const keyEnc = await noise.processHandshake(proto.HandshakeMessage.decode(frames[0]), creds.noiseKey);
    const login = generateLoginNode('4915112345678:7@s.whatsapp.net', { version: DEFAULT_CONNECTION_CONFIG.version,
        browser: DEFAULT_CONNECTION_CONFIG.browser, countryCode: 'US' });
    const payloadEnc = noise.encrypt(proto.ClientPayload.encode(login).finish());
    const finishFrame = noise.encodeFrame(
        proto.HandshakeMessage.encode({ clientFinish: { static: keyEnc, payload: payloadEnc } }).finish());
    const finished = await tool.call('finish', finishFrame.subarray(3));
    await noise.finishInit();
    return { noise, creds, finished };
}

test('Baileys 6 completes the handshake with our responder given its WA 6 2 prologue; transport both ways', async () => {
    const tool = startTool(['responder', '--prologue', hex(NOISE_WA_HEADER)]);
    try {
        assert.equal((await tool.next()).event, 'ready');
        const { noise, creds, finished } = await baileys6Handshake(tool);
        assert.equal(finished.event, 'finished', JSON.stringify(finished));
        assert.equal(finished.clientStatic, hex(creds.noiseKey.public));
        assert.equal(finished.parsed.username, '4915112345678');
        assert.equal(finished.parsed.device, 7);

        // Up: a node written by Baileys 6's encoder (dictionary version 2) arrives byte for byte.
        const up = encodeBinaryNode({ tag: 'iq', attrs: { id: 'up-1', type: 'get', xmlns: 'w:p' } });
        const plain = await tool.call('decrypt', noise.encodeFrame(up).subarray(3));
        assert.equal(plain.event, 'plain', JSON.stringify(plain));
        assert.equal(plain.data, hex(up));
        // Down: Baileys 6 decrypts our frame and decodes the node with its own decoder.
        const down = encodeBinaryNode({ tag: 'iq', attrs: { id: 'down-1', type: 'result' } });
        const cipher = await tool.call('encrypt', down);
        const nodes = [];
        await noise.decodeFrame(withLength(unhex(cipher.data)), (n) => nodes.push(n));
        assert.equal(nodes.length, 1);
        assert.equal(nodes[0].tag, 'iq');
        assert.equal(nodes[0].attrs.id, 'down-1');
    } finally {
        tool.close();
    }
});

test('a responder that mixes WA 6 3 instead of the client\'s WA 6 2 cannot complete a handshake with Baileys 6', async () => {
    const tool = startTool(['responder']);
    try {
        assert.equal((await tool.next()).event, 'ready');
        await assert.rejects(baileys6Handshake(tool), /unable to authenticate|Unsupported state/);
    } finally {
        tool.close();
    }
});
