// Drives `wagw client ...` (WAGW_BIN) against a running wasim: runs commands collecting their JSON event lines,
// and links a data folder to an account through the virtual phone.
import { spawn } from 'node:child_process';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { before, after } from 'node:test';
import { startWasim } from '../../../wasim/wasim_harness.mjs';

export function withTimeout(promise, ms, what) {
    let timer;
    return Promise.race([
        promise.finally(() => clearTimeout(timer)),
        new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms); })
    ]);
}

// One wasim for the whole test file, started before its first test and stopped after its last, plus a temporary
// folder for the clients' data (`dir(name)`). `wasim` forwards to the running simulator ({ url, dataDir, admin,
// pair, ... }), so it can be used at module scope.
export function useWasim(name) {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), `wagw-client-${name}-`));
    let running = null;
    before(async () => {
        const started = await startWasim();
        running = { ...started, url: `wss://127.0.0.1:${started.port}/ws/chat` };
    });
    after(async () => {
        await running?.stop();
        fs.rmSync(root, { recursive: true, force: true });
    });
    const wasim = new Proxy({}, {
        get(_, key) {
            if (!running) throw new Error(`wasim is not running (asked for ${String(key)})`);
            return running[key];
        }
    });
    return { wasim, dir: (entry) => path.join(root, entry) };
}

// Runs `wagw client ...`; `onEvent` may react to each event.
export function runClient(args, onEvent = () => {}) {
    const child = spawn(process.env.WAGW_BIN, ['client', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const events = [];
    const stderr = [];
    const waiters = [];
    child.stderr.on('data', (c) => stderr.push(c.toString()));
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
        if (!line.startsWith('{')) return;  // QR terminal art
        const event = JSON.parse(line);
        events.push(event);
        onEvent(event);
        for (const w of waiters.splice(0)) w();
    });
    const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    const waitFor = (name, predicate = () => true, ms = 20000) => withTimeout(new Promise((resolve) => {
        const check = () => {
            const found = events.find((e) => e.event === name && predicate(e));
            if (found) resolve(found); else waiters.push(check);
        };
        check();
    }), ms, `event ${name} (seen: ${JSON.stringify(events)}; stderr: ${stderr.join('')})`);
    const stop = async () => {
        if (child.exitCode === null) child.kill('SIGTERM');
        return withTimeout(exited, 10000, 'client exit');
    };
    return { child, events, stderr, exited, waitFor, stop };
}

// Links `dataDir` to account `phone` of `wasim` ({ url, dataDir, admin }); resolves with the pairing facts.
export async function linkClient(wasim, phone, dataDir) {
    let scanned;
    const run = runClient(['link', '--server', wasim.url, '--trust-root', path.join(wasim.dataDir, 'root.pub'),
                           '--tls-cert', path.join(wasim.dataDir, 'cert.pem'), '--data', dataDir], (event) => {
        if (event.event === 'qr' && !scanned) scanned = wasim.admin('POST', `/admin/accounts/${phone}/scan`, { qr: event.code });
    });
    await run.waitFor('qr');
    const scan = await scanned;
    assert.equal(scan.status, 200, JSON.stringify(scan.body));
    const paired = await run.waitFor('pair_success');
    await run.waitFor('linked');
    assert.equal(await withTimeout(run.exited, 20000, 'link exit'), 0, run.stderr.join(''));
    return { paired, device: scan.body.device, events: run.events };
}

// Runs the test driver tests/unit/wa/client/wa_client_burst_tool.cpp (WA_CLIENT_BURST_TOOL) on a linked data folder
// of `wasim`: it prints every client event as JSON and, as asked, sends a burst, subscribes to a presence or forgets
// its sessions first. waitFor(predicate) resolves with the first matching event.
export function runBurstTool(wasim, dataDir, extraArgs) {
    const args = ['--data', dataDir, '--server', wasim.url, '--trust-root', path.join(wasim.dataDir, 'root.pub'),
                  '--tls-cert', path.join(wasim.dataDir, 'cert.pem'), ...extraArgs];
    const child = spawn(process.env.WA_CLIENT_BURST_TOOL, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const events = [];
    const stderr = [];
    const waiters = [];
    child.stderr.on('data', (c) => stderr.push(c.toString()));
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
        if (!line.startsWith('{')) return;
        events.push(JSON.parse(line));
        for (const w of waiters.splice(0)) w();
    });
    const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    // On a timeout the error shows the events seen until then.
    const waitFor = (predicate, what, ms = 20000) => new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(
            `timed out after ${ms} ms: ${what} (last events: ${JSON.stringify(events.slice(-20))}; ` +
            `stderr: ${stderr.join('').slice(-2000)})`)), ms);
        const check = () => {
            const found = events.find(predicate);
            if (found) { clearTimeout(timer); resolve(found); } else waiters.push(check);
        };
        check();
    });
    const stop = async () => {
        if (child.exitCode === null) child.kill('SIGTERM');
        return withTimeout(exited, 10000, 'burst tool exit');
    };
    return { events, stderr, waitFor, stop };
}
