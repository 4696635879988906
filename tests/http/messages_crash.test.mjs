// The durable outbox under kill -9: a gateway pointed at a separate wasim (which outlives it) accepts messages
// in a steady stream while it is killed several times at random moments and restarted on the same data. After
// the last restart every message that got a 202 must reach the virtual phone exactly once: none lost (the row
// was committed before the 202, and the outbox resends what was not acknowledged) and none shown twice (the
// resend reuses the id; wasim counts such wire duplicates in duplicates_by_id and keeps one message).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';

import { makeApiKey, makeDataDir, startGateway } from '../support/gateway.mjs';

const WASIM_BIN = process.env.WASIM_BIN;
const MESSAGES = Number(process.env.WAGW_CRASH_MESSAGES || 2000);
const KILLS = Number(process.env.WAGW_CRASH_KILLS || 4);
const FRIEND = '4915550991';

async function startWasim() {
  const dataDir = mkdtempSync(join(tmpdir(), 'wasim-crash-'));
  const child = spawn(WASIM_BIN, ['--listen', '127.0.0.1:0', '--data', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const port = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^wasim listening on wss:\/\/127\.0\.0\.1:(\d+)\/ws\/chat$/.exec(line);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`wasim exited (${code}): ${stderr}`)));
  });
  const agent = new Agent({ ca: readFileSync(join(dataDir, 'cert.pem')), keepAlive: false });
  const admin = (method, path, body) => new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, agent, servername: 'localhost',
                          checkServerIdentity: () => undefined, headers: { 'content-type': 'application/json' } },
                        (res) => {
                          let text = '';
                          res.on('data', (d) => (text += d));
                          res.on('end', () => resolve({ status: res.statusCode, body: text ? JSON.parse(text) : null }));
                        });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
  return {
    dataDir, admin,
    flags: ['--wa-url', `wss://127.0.0.1:${port}/ws/chat`, '--wa-trust-root', join(dataDir, 'root.pub'),
            '--wa-tls-cert', join(dataDir, 'cert.pem')],
    stop: () => { child.kill('SIGTERM'); rmSync(dataDir, { recursive: true, force: true }); },
  };
}

async function api(gateway, method, path, body) {
  const reply = await fetch(`${gateway.url}${path}`, {
    method, headers: { 'X-Api-Key': gateway.apiKey, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: reply.status, json: await reply.json() };
}

async function eventually(what, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const last = await check();
    if (last.done) return last.value;
    if (Date.now() > deadline) throw new Error(`${what}: gave up; last: ${JSON.stringify(last.value)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test(`kill -9 ${KILLS} times while ${MESSAGES} messages are accepted: each reaches the phone exactly once`,
     { skip: !WASIM_BIN && 'needs WASIM_BIN', timeout: 240000 }, async () => {
  const wasim = await startWasim();
  const dataDir = makeDataDir();
  const apiKey = makeApiKey();
  let gateway = await startGateway({ dataDir, apiKey, extraArgs: wasim.flags });
  try {
    assert.equal((await wasim.admin('POST', '/admin/accounts', { phone: FRIEND, push_name: 'Friend' })).status, 201);
    const session = (await api(gateway, 'POST', '/api/sessions', { name: 'crashy' })).json.id;
    await api(gateway, 'POST', `/api/sessions/${session}/start`);
    const qr = await eventually('a QR code', async () => {
      const got = await api(gateway, 'GET', `/api/sessions/${session}/qr`);
      return { done: got.status === 200, value: got.json.qr };
    }, 20000);
    const scanned = await wasim.admin('POST', '/admin/mock-phone/scan-qr', { qr });
    assert.equal(scanned.status, 200, JSON.stringify(scanned.body));
    const connected = () => eventually('connected', async () => {
      const s = await api(gateway, 'GET', `/api/sessions/${session}`);
      return { done: s.json.state === 'connected', value: s.json.state };
    }, 30000);
    await connected();

    // Eight requests in flight at once, and the kill lands at a random point of each round's share: some
    // requests die before their commit, some after it but before their 202 reached us (those may arrive without
    // being counted as accepted, but never twice), and the outbox is mid-send.
    const accepted = new Set();
    let next = 0;
    const started = Date.now();
    const latencies = [];
    const share = Math.ceil(MESSAGES / (KILLS + 1));
    for (let round = 0; round <= KILLS; ++round) {
      const stopAt = round === KILLS ? MESSAGES : Math.min(MESSAGES, next + share);  // the last round sends the rest
      const killAt = round < KILLS ? next + Math.floor(share * (0.2 + 0.7 * Math.random())) : Infinity;
      let killed = null;
      const worker = async () => {
        while (next < stopAt && !killed) {
          const n = next++;
          if (n >= killAt) {
            killed ??= (async () => {
              process.kill(gateway.pid, 'SIGKILL');
              await gateway.exited;
            })();
            return;
          }
          const t0 = performance.now();
          try {
            const sent = await api(gateway, 'POST', `/api/sessions/${session}/messages`,
                                   { to: FRIEND, type: 'text', text: `crash test ${n}` });
            if (sent.status === 202) accepted.add(sent.json.id);
            latencies.push(performance.now() - t0);
          } catch { /* the gateway died under the request: not known to be accepted */ }
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
      if (round < KILLS) {
        await killed;
        gateway = await startGateway({ dataDir, apiKey, extraArgs: wasim.flags });
        await connected();
      }
    }
    const at = await eventually('every accepted message at the phone', async () => {
      const inbox = (await wasim.admin('GET', `/admin/accounts/${FRIEND}/messages`)).body;
      const ids = inbox.map((m) => m.id);
      const missing = [...accepted].filter((id) => !ids.includes(id));
      return { done: missing.length === 0, value: { missing: missing.length, inbox: ids.length, ids } };
    }, 120000);
    const counts = new Map();
    for (const id of at.ids) counts.set(id, (counts.get(id) ?? 0) + 1);
    for (const id of accepted) assert.equal(counts.get(id), 1, `${id} exactly once`);
    for (const [id, count] of counts) assert.equal(count, 1, `${id} shown once at the phone`);
    const stats = (await wasim.admin('GET', '/admin/stats')).body;
    latencies.sort((a, b) => a - b);
    const p = (q) => latencies[Math.floor(q * (latencies.length - 1))].toFixed(1);
    console.log(`crash test: ${accepted.size} accepted of ${next} tried over ${KILLS} kills in ` +
                `${((Date.now() - started) / 1000).toFixed(1)} s; wire duplicates kept once: ` +
                `${stats.duplicates_by_id}; accept latency p50 ${p(0.5)} ms, p99 ${p(0.99)} ms`);
    // The gateway agrees: nothing accepted is still queued or failed.
    await eventually('every accepted message sent', async () => {
      const list = await api(gateway, 'GET', `/api/sessions/${session}/messages?direction=out&limit=200`);
      const pending = list.json.messages.filter((m) => m.status === 'queued' || m.status === 'failed');
      return { done: pending.length === 0, value: pending.map((m) => [m.id, m.status, m.status_reason]) };
    }, 30000);
  } finally {
    await gateway.stop();
    gateway.removeData();
    wasim.stop();
  }
});
