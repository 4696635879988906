// Our `wagw client` against the real simulator: QR pairing through a virtual phone, the certificate chain
// checked against wasim's own root (DIR/root.pub), login from SQLite after a restart, unlinking from the phone.
// Needs WASIM_BIN and WAGW_BIN.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { linkClient, runClient, withTimeout } from './client_harness.mjs';
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

const { WASIM_BIN } = process.env;

let wasim;
let workDir;

async function startWasim() {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wagw-client-wasim-'));
    const child = spawn(WASIM_BIN, ['--listen', '127.0.0.1:0', '--data', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const stderr = [];
    child.stderr.on('data', (c) => stderr.push(c.toString()));
    const lines = readline.createInterface({ input: child.stdout });
    const port = await withTimeout(new Promise((resolve, reject) => {
        lines.on('line', (line) => {
            const m = /^wasim listening on wss:\/\/127\.0\.0\.1:(\d+)\/ws\/chat$/.exec(line);
            if (m) resolve(Number(m[1]));
        });
        child.on('exit', (code) => reject(new Error(`wasim exited with ${code}: ${stderr.join('')}`)));
    }), 10000, 'wasim to start');
    const agent = new https.Agent({ ca: fs.readFileSync(path.join(dataDir, 'cert.pem')), keepAlive: false });
    const admin = (method, urlPath, body) => withTimeout(new Promise((resolve, reject) => {
        const payload = body === undefined ? undefined : JSON.stringify(body);
        const req = https.request({ host: '127.0.0.1', port, path: urlPath, method, agent,
                                    headers: payload ? { 'content-length': Buffer.byteLength(payload) } : {} }, (res) => {
            let text = '';
            res.on('data', (c) => { text += c; });
            res.on('end', () => resolve({ status: res.statusCode, body: text ? JSON.parse(text) : undefined }));
        });
        req.on('error', reject);
        if (payload) req.write(payload);
        req.end();
    }), 10000, `${method} ${urlPath}`);
    return { port, dataDir, child, admin, url: `wss://127.0.0.1:${port}/ws/chat` };
}

before(async () => {
    wasim = await startWasim();
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wagw-client-data-'));
});

after(async () => {
    if (wasim?.child.exitCode === null) {
        wasim.child.kill('SIGTERM');
        await withTimeout(new Promise((r) => wasim.child.on('exit', r)), 5000, 'wasim exit').catch(() => wasim.child.kill('SIGKILL'));
    }
    fs.rmSync(wasim.dataDir, { recursive: true, force: true });
    fs.rmSync(workDir, { recursive: true, force: true });
});

test('a wrong trust root makes the certificate chain fail: no QR, no retry', async () => {
    const wrongRoot = path.join(workDir, 'wrong-root.pub');
    fs.writeFileSync(wrongRoot, crypto.randomBytes(32).toString('hex'));
    const run = runClient(['link', '--server', wasim.url, '--trust-root', wrongRoot,
                           '--tls-cert', path.join(wasim.dataDir, 'cert.pem'), '--data', path.join(workDir, 'wrong')]);
    const down = await run.waitFor('disconnected');
    assert.equal(down.reason, 'handshake_failed', JSON.stringify(down));
    assert.equal(down.will_reconnect, false);
    assert.equal(await withTimeout(run.exited, 10000, 'exit'), 1);
    assert.ok(!run.events.some((e) => e.event === 'qr'));
});

test('link by QR with a virtual phone, then log in again from SQLite without a QR, then unlink', async () => {
    const phone = '15550002001';
    const created = await wasim.admin('POST', '/admin/accounts', { phone, push_name: 'Gateway Owner' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const dataDir = path.join(workDir, 'linked');

    let scanned;
    const link = runClient(['link', '--server', wasim.url, '--trust-root', path.join(wasim.dataDir, 'root.pub'),
                            '--tls-cert', path.join(wasim.dataDir, 'cert.pem'), '--data', dataDir], (event) => {
        if (event.event === 'qr' && !scanned) {
            assert.match(event.code, /^https:\/\/wa\.me\/settings\/linked_devices#[^,]+,[^,]+,[^,]+,[^,]+,0$/);
            scanned = wasim.admin('POST', `/admin/accounts/${phone}/scan`, { qr: event.code });
        }
    });
    await link.waitFor('qr');
    const scan = await scanned;
    assert.equal(scan.status, 200, JSON.stringify(scan.body));
    const paired = await link.waitFor('pair_success');
    assert.equal(paired.jid, `${phone}:${scan.body.device}@s.whatsapp.net`);
    assert.match(paired.lid, /^\d+:\d+@lid$/);
    const restart = await link.waitFor('disconnected');
    assert.equal(restart.reason, 'restart_required');
    const uploaded = await link.waitFor('pre_keys_uploaded');
    assert.equal(uploaded.count, 812);
    const connected = await link.waitFor('connected');
    assert.equal(connected.jid, paired.jid);
    await link.waitFor('linked');
    assert.equal(await withTimeout(link.exited, 10000, 'link exit'), 0, link.stderr.join(''));

    const account = (await wasim.admin('GET', `/admin/accounts/${phone}`)).body;
    const companion = account.companions.find((c) => c.device === scan.body.device);
    assert.ok(companion && !companion.removed, JSON.stringify(account));

    // Restart: `listen` logs in with what `link` stored; no QR, no registration.
    const listen = runClient(['listen', '--data', dataDir]);
    const again = await listen.waitFor('connected');
    assert.equal(again.jid, paired.jid);
    await listen.waitFor('offline_sync_completed');
    assert.ok(!listen.events.some((e) => e.event === 'qr' || e.event === 'pre_keys_uploaded'),
              JSON.stringify(listen.events));

    // The phone unlinks us: LoggedOut, credentials wiped, listen exits 1 and a new listen refuses to start.
    const removed = await wasim.admin('DELETE', `/admin/accounts/${phone}/devices/${scan.body.device}`);
    assert.equal(removed.status, 200, JSON.stringify(removed.body));
    const out = await listen.waitFor('logged_out');
    assert.equal(out.reason, 'logged_out');
    assert.equal(await withTimeout(listen.exited, 10000, 'listen exit'), 1);
    const refused = runClient(['listen', '--data', dataDir]);
    assert.equal(await withTimeout(refused.exited, 10000, 'refused exit'), 2);
    assert.match(refused.stderr.join(''), /not linked/);
});

test('logout unlinks the device on the server and wipes it locally', async () => {
    const phone = '15550002002';
    assert.equal((await wasim.admin('POST', '/admin/accounts', { phone, push_name: 'Leaving' })).status, 201);
    const dataDir = path.join(workDir, 'leaving');
    const { device } = await linkClient(wasim, phone, dataDir);
    const logout = runClient(['logout', '--data', dataDir]);
    const out = await logout.waitFor('logged_out');
    assert.equal(out.reason, 'user_request');
    assert.equal(await withTimeout(logout.exited, 10000, 'logout exit'), 0, logout.stderr.join(''));
    const account = (await wasim.admin('GET', `/admin/accounts/${phone}`)).body;
    assert.ok(account.companions.find((c) => c.device === device)?.removed, JSON.stringify(account));
    const refused = runClient(['listen', '--data', dataDir]);
    assert.equal(await withTimeout(refused.exited, 10000, 'refused exit'), 2);
});
