// End to end: unmodified Baileys 7.0.0-rc13 (makeWASocket) connects over wss:// to wa_transport_noise_server
// (our transport + our Noise responder), completes the Noise handshake over the real socket, receives an encrypted
// <pair-device> iq (so it emits a QR code) and answers with an encrypted iq result that the server decodes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import https from 'node:https';
import readline from 'node:readline';
import makeWASocket, { initAuthCreds } from 'baileys';

const SERVER = process.env.WA_TRANSPORT_NOISE_SERVER;
assert.ok(SERVER, 'WA_TRANSPORT_NOISE_SERVER must point at wa_transport_noise_server');

const silentLogger = {
    level: 'silent',
    child() { return this; },
    trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {}
};

function waitFor(lines, predicate, what, timeoutMs = 10000) {
    return new Promise((resolve, reject) => {
        const check = () => {
            const found = lines.find(predicate);
            if (found) { clearInterval(timer); clearTimeout(limit); resolve(found); }
        };
        const timer = setInterval(check, 10);
        const limit = setTimeout(() => { clearInterval(timer); reject(new Error(`no ${what} within ${timeoutMs} ms:\n${lines.join('\n')}`)); }, timeoutMs);
        check();
    });
}

test('unmodified Baileys completes the Noise handshake with our transport + responder', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wa-transport-e2e-'));
    const certFile = path.join(dir, 'cert.pem');
    const child = spawn(SERVER, [certFile], { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines = [];
    readline.createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
    let sock;
    try {
        const port = Number((await waitFor(lines, (l) => l.startsWith('LISTENING '), 'LISTENING')).split(' ')[1]);
        // Trust exactly the server's self-signed certificate (not "accept anything").
        const agent = new https.Agent({ ca: fs.readFileSync(certFile) });
        const qr = new Promise((resolve) => {
            sock = makeWASocket({
                waWebSocketUrl: `wss://127.0.0.1:${port}/ws/chat`,
                agent,
                fetchAgent: agent,
                auth: { creds: initAuthCreds(), keys: { get: async () => ({}), set: async () => {} } },
                logger: silentLogger,
                printQRInTerminal: false,
                markOnlineOnConnect: false
            });
            sock.ev.on('connection.update', (update) => { if (update.qr) resolve(update.qr); });
        });
        await waitFor(lines, (l) => l === 'UPGRADE origin=https://web.whatsapp.com', 'upgrade with the WhatsApp Origin');
        await waitFor(lines, (l) => l === 'CLIENT_HELLO', 'client hello');
        await waitFor(lines, (l) => l.startsWith('HANDSHAKE_OK payload_bytes='), 'finished handshake');
        // Baileys decrypted and decoded our stanza: its QR data (in rc13 a wa.me link whose fragment is
        // "ref,noiseKey,identityKey,advSecret,...") carries our first ref.
        let noQr;
        const qrText = await Promise.race([qr, new Promise((_, reject) => { noQr = setTimeout(() => reject(new Error('no QR')), 10000); })]);
        clearTimeout(noQr);
        const qrData = qrText.includes('#') ? qrText.slice(qrText.indexOf('#') + 1) : qrText;
        assert.equal(qrData.split(',')[0], 'wagw-test-ref-1', qrText);
        // And we decrypted and decoded Baileys' answer.
        await waitFor(lines, (l) => l === 'NODE iq type=result id=pair-1', "Baileys' iq result");
        assert.ok(!lines.some((l) => l.startsWith('ERROR')), lines.join('\n'));
        sock.end(undefined);
        await waitFor(lines, (l) => l.startsWith('CLOSED '), 'close');
    } finally {
        sock?.end(undefined);
        child.stdin.end();
        await new Promise((resolve) => {
            const timer = setTimeout(() => { child.kill('SIGKILL'); resolve(); }, 3000);
            child.on('exit', () => { clearTimeout(timer); resolve(); });
        });
        fs.rmSync(dir, { recursive: true, force: true });
    }
});
