// Test harness for wasim: starts the real binary on a free port with a temporary --data dir, talks to its
// control API, and opens unmodified Baileys sockets against it. Every wait is bounded.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import https from 'node:https';
import readline from 'node:readline';

// Which Baileys the suite runs against: BAILEYS_MODULE=baileys (7.0.0-rc13, ESM, makeWASocket is the default
// export) or baileys6 (6.17.16, CommonJS: the default export is the whole module, makeWASocket a named export).
export const BAILEYS_MODULE = process.env.BAILEYS_MODULE || 'baileys';
const baileysModule = await import(BAILEYS_MODULE);
// Node's CommonJS import only names the exports it can find statically; Baileys 6 re-exports most of its API
// (proto, jidNormalizedUser, downloadMediaMessage, ...) through __exportStar, so take them from the default export.
export const baileysLib = typeof baileysModule.default === 'object' ? { ...baileysModule.default, ...baileysModule }
                                                                    : baileysModule;
const makeWASocket = typeof baileysLib.default === 'function' ? baileysLib.default : baileysLib.makeWASocket;
const { useMultiFileAuthState } = baileysLib;
export const IS_BAILEYS6 = BAILEYS_MODULE === 'baileys6';
import pino from 'pino';

export const WASIM_BIN = process.env.WASIM_BIN;
// Flags every wasim of the run gets (tests/wasim/CMakeLists.txt: the Baileys 6 runs and one Baileys 7 run pass
// "--group-addressing pn"), and so the addressing of the groups the suites create: 'lid' or 'pn'.
const EXTRA_ARGS = (process.env.WASIM_EXTRA_ARGS || '').split(/\s+/).filter(Boolean);
const addressingFlag = EXTRA_ARGS.indexOf('--group-addressing');
export const GROUP_ADDRESSING = addressingFlag >= 0 ? EXTRA_ARGS[addressingFlag + 1] : 'lid';

// libsignal (under Baileys) prints whole session records, private keys included, with console.info when it opens,
// closes or drops a session; test logs must never carry keys.
const consoleInfo = console.info;
console.info = (...args) => {
    if (typeof args[0] === 'string' && /^(Closing|Opening|Removing old closed) session/.test(args[0])) return;
    consoleInfo(...args);
};

export function withTimeout(promise, ms, what) {
    let timer;
    return Promise.race([
        promise.finally(() => clearTimeout(timer)),
        new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms); })
    ]);
}

// `args`: extra wasim flags (e.g. ['--starter-group', 'Baileys Group Test']), kept across restarts, after the
// run's WASIM_EXTRA_ARGS.
export async function startWasim({ args: ownArgs = [] } = {}) {
    const args = [...EXTRA_ARGS, ...ownArgs];
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wasim-test-'));
    const stderr = [];
    let child, port, agent;

    // (Re)starts the binary on the same data dir; the port and the self-signed certificate change each time.
    async function launch() {
        child = spawn(WASIM_BIN, ['--listen', '127.0.0.1:0', '--data', dataDir, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
        child.stderr.on('data', (chunk) => stderr.push(chunk.toString()));
        const lines = readline.createInterface({ input: child.stdout });
        port = await withTimeout(new Promise((resolve, reject) => {
            lines.on('line', (line) => {
                const match = /^wasim listening on wss:\/\/127\.0\.0\.1:(\d+)\/ws\/chat$/.exec(line);
                if (match) resolve(Number(match[1]));
            });
            child.on('exit', (code) => reject(new Error(`wasim exited with ${code}: ${stderr.join('')}`)));
        }), 10000, 'wasim to start');
        agent = new https.Agent({ ca: fs.readFileSync(path.join(dataDir, 'cert.pem')), keepAlive: false });
    }

    async function terminate() {
        if (child.exitCode === null && child.signalCode === null) {
            const exited = new Promise((r) => child.on('exit', r));
            child.kill('SIGTERM');
            await withTimeout(exited, 5000, 'wasim exit').catch(() => child.kill('SIGKILL'));
        }
    }

    await launch();
    const sockets = new Set();

    async function admin(method, urlPath, body) {
        const payload = body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body));
        return withTimeout(new Promise((resolve, reject) => {
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
    }

    // A Baileys socket on an auth folder; resolves events through small promise helpers.
    // `options` go to makeWASocket as they are (e.g. shouldSyncHistoryMessage).
    async function baileys(authDir, { pushName, options = {} } = {}) {
        const { state, saveCreds } = await useMultiFileAuthState(authDir);
        const sock = makeWASocket({
            waWebSocketUrl: `wss://127.0.0.1:${port}/ws/chat`,
            agent, fetchAgent: agent,
            auth: state,
            logger: pino({ level: 'silent' }),
            printQRInTerminal: false,
            markOnlineOnConnect: false,
            syncFullHistory: false,
            ...(pushName ? { pushName } : {}),
            ...options
        });
        sockets.add(sock);
        sock.ev.on('creds.update', saveCreds);
        const updates = [];
        sock.ev.on('connection.update', (u) => updates.push(u));
        const waitFor = (condition, what, ms = 10000) => withTimeout(new Promise((resolve) => {
            const check = () => { if (condition()) { clearInterval(t); resolve(); } };
            const t = setInterval(check, 20);
            check();
        }), ms, what);
        const waitUpdate = (predicate, what, ms = 30000) => withTimeout(new Promise((resolve) => {
            const check = () => { const u = updates.find(predicate); if (u) { clearInterval(t); resolve(u); } };
            const t = setInterval(check, 20);
            check();
        }), ms, what);
        return {
            sock, state, updates,
            qr: () => waitUpdate((u) => u.qr, 'QR').then((u) => u.qr),
            open: async () => {
                const update = await waitUpdate((u) => u.connection === 'open', 'connection open');
                // Baileys 6 syncs app state right after its first login (the phone's welcome starts it) and, if its
                // socket is ended during that sync, leaves an unhandled rejection (the close code) behind: wait for
                // the sync to be done (accountSyncCounter, kept in the auth folder) before a test goes on.
                if (IS_BAILEYS6) await waitFor(() => state.creds.accountSyncCounter > 0, 'Baileys 6 app-state sync');
                return update;
            },
            closed: () => waitUpdate((u) => u.connection === 'close', 'connection close')
                .then((u) => u.lastDisconnect?.error?.output?.statusCode),
            end: () => { try { sock.end(undefined); } catch { /* already closed */ } sockets.delete(sock); }
        };
    }

    // QR pairing through the phone of `phone` (or the mock-phone hook when phone is null), the 515 restart, and
    // the login that follows. Returns the logged-in client.
    async function pair(authDir, { phone = null, pushName, options } = {}) {
        const first = await baileys(authDir, { pushName, options });
        const qr = await first.qr();
        const scanned = phone
            ? await admin('POST', `/admin/accounts/${phone}/scan`, { qr })
            : await admin('POST', '/admin/mock-phone/scan-qr', qr);
        if (scanned.status !== 200) throw new Error(`scan failed: ${JSON.stringify(scanned.body)}`);
        const code = await first.closed();
        if (code !== 515) throw new Error(`expected restart 515 after pairing, got ${code}`);
        first.end();
        const second = await baileys(authDir, { pushName, options });
        await second.open();
        return { client: second, scanned: scanned.body, first };
    }

    async function endSockets() {
        for (const sock of sockets) { try { sock.end(undefined); } catch { /* closed */ } }
        sockets.clear();
    }

    async function restart() {
        await endSockets();
        await terminate();
        await launch();
    }

    async function stop() {
        await endSockets();
        await terminate();
        fs.rmSync(dataDir, { recursive: true, force: true });
    }

    return { get port() { return port; }, dataDir, stderr, admin, baileys, pair, restart, stop };
}

// Collects events of one kind from a socket so tests can wait for a matching one.
export function collect(sock, event) {
    const seen = [];
    sock.ev.on(event, (payload) => { for (const item of (Array.isArray(payload) ? payload : payload.messages ?? [payload])) seen.push(item); });
    return {
        seen,
        wait: (predicate, what, ms = 30000) => withTimeout(new Promise((resolve) => {
            const check = () => { const hit = seen.find(predicate); if (hit) { clearInterval(t); resolve(hit); } };
            const t = setInterval(check, 20);
            check();
        }), ms, what)
    };
}

// The statuses of the messages a socket sent, as an application sees them. Baileys reports a status as a
// messages.update, except while it still buffers events (after pairing, until it has processed its first history
// sync, which under load can be after the test's first sends): its own copy of a sent message (an 'append' upsert)
// is then in the buffer too, and the buffer folds the update into that upsert, so no messages.update ever comes.
export const WAMessageStatus = { ERROR: 0, PENDING: 1, SERVER_ACK: 2, DELIVERY_ACK: 3, READ: 4 };
export function sentStatuses(sock) {
    const updates = collect(sock, 'messages.update');
    const upserts = collect(sock, 'messages.upsert');
    const has = (id, status) =>
        updates.seen.some((u) => u.key.id === id && u.key.fromMe && u.update.status === status) ||
        upserts.seen.some((m) => m.key.id === id && m.key.fromMe && m.status === status);
    return {
        has,
        wait: (id, status, what, ms = 30000) => withTimeout(new Promise((resolve) => {
            const check = () => { if (has(id, status)) { clearInterval(t); resolve(); } };
            const t = setInterval(check, 20);
            check();
        }), ms, what)
    };
}

// A group member's (or the subject owner's) phone-number JID whatever the group's addressing: a LID group names
// people by LID with the PN beside it (Baileys 7: phoneNumber, subjectOwnerPn), a PN group by PN (id, subjectOwner).
const pnJid = (jid) => (jid?.endsWith('@s.whatsapp.net') ? jid : undefined);
export const participantPn = (p) => p.phoneNumber || pnJid(p.id);
export const subjectOwnerPn = (meta) => meta.subjectOwnerPn || pnJid(meta.subjectOwner);

// `||`, not `??`: Baileys 6's protobuf classes read an absent conversation as "" (a prototype default).
export const textOf = (m) => m.message?.conversation || m.message?.extendedTextMessage?.text;
