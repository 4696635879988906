// Interop with an independent WebSocket implementation (npm ws 8): our client against a ws server, a ws client
// against our server, plain and TLS. Messages of several sizes are echoed and compared; the ws side fragments
// large messages and pings, and checks that our client sends WhatsApp's Origin header.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import https from 'node:https';
import readline from 'node:readline';
import { WebSocketServer, WebSocket } from 'ws';

const TOOL = process.env.WA_TRANSPORT_TOOL;
assert.ok(TOOL, 'WA_TRANSPORT_TOOL must point at wa_transport_tool');
const ORIGIN = 'https://web.whatsapp.com';
const SIZES = [0, 1, 125, 126, 65535, 65536, 1 << 20];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wa-transport-'));
const certFile = path.join(dir, 'cert.pem');
const keyFile = path.join(dir, 'key.pem');
execFileSync(TOOL, ['make-cert', certFile, keyFile], { timeout: 10000 });
const cert = fs.readFileSync(certFile);
const key = fs.readFileSync(keyFile);

function pattern(size, seed) {
    const out = Buffer.alloc(size);
    for (let i = 0; i < size; i++) out[i] = (i * 31 + seed) & 0xff;
    return out;
}

// Runs the tool to completion (bounded) and returns its exit code and output lines.
function runTool(args, timeoutMs = 15000) {
    return new Promise((resolve, reject) => {
        const child = spawn(TOOL, args, { stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        const timer = setTimeout(() => {
            child.kill('SIGKILL');
            reject(new Error(`tool timed out: ${args.join(' ')}\n${stdout}${stderr}`));
        }, timeoutMs);
        child.on('exit', (code) => {
            clearTimeout(timer);
            resolve({ code, lines: stdout.split('\n').filter(Boolean), stderr });
        });
    });
}

// A ws echo server that fragments large replies into three frames and pings each new client.
async function startWsServer(tls) {
    const server = tls ? https.createServer({ cert, key }) : http.createServer();
    const wss = new WebSocketServer({ server, path: '/ws/chat' });
    const seen = { origins: [], pongs: 0, closes: [], fragmentedReplies: 0 };
    wss.on('connection', (ws, req) => {
        seen.origins.push(req.headers.origin);
        ws.on('pong', () => seen.pongs++);
        ws.ping(Buffer.from('are you there'));
        ws.on('message', (data, isBinary) => {
            assert.ok(isBinary, 'our client sends binary messages');
            if (data.length >= 3000) {
                const third = Math.floor(data.length / 3);
                ws.send(data.subarray(0, third), { binary: true, fin: false });
                ws.send(data.subarray(third, 2 * third), { binary: true, fin: false });
                ws.send(data.subarray(2 * third), { binary: true, fin: true });
                seen.fragmentedReplies++;
            } else {
                ws.send(data, { binary: true });
            }
        });
        ws.on('close', (code) => seen.closes.push(code));
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { port: server.address().port, seen, close: () => { wss.close(); server.close(); } };
}

async function clientAgainstWs(tls) {
    const ws = await startWsServer(tls);
    try {
        const url = `${tls ? 'wss' : 'ws'}://127.0.0.1:${ws.port}/ws/chat`;
        const args = ['echo-client', '--url', url, '--sizes', SIZES.join(',')];
        if (tls) args.push('--ca', certFile);
        const { code, lines, stderr } = await runTool(args);
        assert.equal(code, 0, `tool failed:\n${lines.join('\n')}\n${stderr}`);
        assert.deepEqual(lines.filter((l) => l.startsWith('OK ')), SIZES.map((s) => `OK ${s}`));
        assert.ok(lines.includes('CLOSED clean=1 code=1000'), lines.join('\n'));
        assert.deepEqual(ws.seen.origins, [ORIGIN]);
        assert.equal(ws.seen.fragmentedReplies, SIZES.filter((s) => s >= 3000).length);
        // Give the ws side a moment to see the close and the pong.
        for (let i = 0; i < 50 && ws.seen.closes.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
        assert.equal(ws.seen.pongs, 1, 'our client answers pings');
        assert.deepEqual(ws.seen.closes, [1000]);
    } finally {
        ws.close();
    }
}

// Starts our echo server; returns its port, its output lines so far, and a stop function.
async function startOurServer(tls) {
    const args = ['echo-server'];
    if (tls) args.push('--tls', certFile, keyFile);
    const child = spawn(TOOL, args, { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines = [];
    const rl = readline.createInterface({ input: child.stdout });
    const port = await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('server did not start')), 5000);
        rl.on('line', (line) => {
            lines.push(line);
            const m = /^LISTENING (\d+)$/.exec(line);
            if (m) { clearTimeout(timer); resolve(Number(m[1])); }
        });
    });
    const stop = () => new Promise((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        child.on('exit', () => { clearTimeout(timer); resolve(); });
        child.stdin.end();
    });
    return { port, lines, stop };
}

function nextMessage(ws) {
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no message within 5 s')), 5000);
        ws.once('message', (data, isBinary) => { clearTimeout(timer); resolve({ data, isBinary }); });
    });
}

async function wsAgainstOurServer(tls) {
    const ours = await startOurServer(tls);
    try {
        const url = `${tls ? 'wss' : 'ws'}://127.0.0.1:${ours.port}/ws/chat`;
        const ws = new WebSocket(url, { origin: ORIGIN, ca: tls ? cert : undefined, maxPayload: 1 << 24 });
        await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
        for (const size of SIZES) {
            const sent = pattern(size, size & 0xff);
            ws.send(sent, { binary: true });
            const { data, isBinary } = await nextMessage(ws);
            assert.ok(isBinary);
            assert.ok(Buffer.compare(data, sent) === 0, `echo of ${size} bytes differs`);
        }
        // A message in three fragments comes back whole.
        const whole = pattern(200000, 7);
        ws.send(whole.subarray(0, 1000), { binary: true, fin: false });
        ws.send(whole.subarray(1000, 150000), { binary: true, fin: false });
        ws.send(whole.subarray(150000), { binary: true, fin: true });
        const reassembled = await nextMessage(ws);
        assert.ok(Buffer.compare(reassembled.data, whole) === 0, 'fragmented message echoed whole');
        // Ping is answered with the same data.
        const pong = new Promise((resolve) => ws.once('pong', resolve));
        ws.ping(Buffer.from('ping-data'));
        assert.equal((await pong).toString(), 'ping-data');
        // Clean close.
        const closed = new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
        ws.close(1000, 'done');
        assert.deepEqual(await closed, { code: 1000, reason: '' });
        for (let i = 0; i < 50 && !ours.lines.some((l) => l.startsWith('CLOSED')); i++) await new Promise((r) => setTimeout(r, 20));
        assert.ok(ours.lines.includes(`UPGRADE /ws/chat origin=${ORIGIN}`), ours.lines.join('\n'));
        assert.ok(ours.lines.includes('CLOSED clean=1 code=1000'), ours.lines.join('\n'));

        // Other paths on the same port are plain HTTP.
        const body = await new Promise((resolve, reject) => {
            const get = (tls ? https : http).get(`${tls ? 'https' : 'http'}://127.0.0.1:${ours.port}/hello`, { ca: tls ? cert : undefined }, (res) => {
                let text = '';
                res.on('data', (d) => (text += d));
                res.on('end', () => resolve(`${res.statusCode} ${text}`));
            });
            get.on('error', reject);
        });
        assert.equal(body, '200 hello\n');
    } finally {
        await ours.stop();
    }
}

test('our client talks to a ws server over ws://', () => clientAgainstWs(false));
test('our client talks to a ws server over wss://', () => clientAgainstWs(true));
test('a ws client talks to our server over ws://', () => wsAgainstOurServer(false));
test('a ws client talks to our server over wss://', () => wsAgainstOurServer(true));
test('our client refuses the ws server certificate when it is not trusted', async () => {
    const ws = await startWsServer(true);
    try {
        const { code, lines } = await runTool(['echo-client', '--url', `wss://127.0.0.1:${ws.port}/ws/chat`, '--sizes', '1']);
        assert.notEqual(code, 0);
        assert.ok(lines.some((l) => l.startsWith('ERROR tls_verify_failed')), lines.join('\n'));
    } finally {
        ws.close();
    }
});
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));
