// The REST API under load, against the real binary in demo mode (what issue 10 asks to report):
// 1. messages accepted per second over HTTP (POST .../messages, each committed before its 202), with p50/p99
//    latency, at a given concurrency, and how long the outbox then takes to hand them all to WhatsApp;
// 2. `wrk` (Debian's) against GET /api/sessions with 100 sessions.
//   WAGW_BIN=build/native/backend/wagw node tools/bench/api_bench.mjs [messages=2000] [concurrency=16]
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { api } from '../../tests/support/api.mjs';
import { simulatorApi } from '../../tests/support/demo_simulator.mjs';
import { makeApiKey, startGateway } from '../../tests/support/gateway.mjs';

const total = Number(process.argv[2] ?? 2000);
const concurrency = Number(process.argv[3] ?? 16);
const FRIEND = '4915550777';
const gateway = await startGateway({ apiKey: makeApiKey(), extraArgs: ['--demo'] });
const percentile = (values, p) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];

try {
  // One linked session and a virtual phone to write to.
  const { json: session } = await api(gateway, 'POST', '/api/sessions', { body: { name: 'bench' } });
  await api(gateway, 'POST', `/api/sessions/${session.id}/start`);
  for (;;) {
    if ((await api(gateway, 'GET', `/api/sessions/${session.id}`)).json.state === 'scan_qr') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await api(gateway, 'POST', `/api/sessions/${session.id}/demo/scan`);
  for (;;) {
    if ((await api(gateway, 'GET', `/api/sessions/${session.id}`)).json.state === 'connected') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await simulatorApi(gateway, 'POST', '/admin/accounts', { phone: FRIEND, push_name: 'Bench' });

  // 1. Accepting messages.
  const latencies = [];
  const ids = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) {
      const n = next++;
      const t = performance.now();
      const reply = await api(gateway, 'POST', `/api/sessions/${session.id}/messages`,
                              { body: { to: FRIEND, type: 'text', text: `bench ${n}` } });
      latencies.push(performance.now() - t);
      if (reply.status !== 202) throw new Error(`message ${n}: ${reply.status} ${JSON.stringify(reply.json)}`);
      ids.push(reply.json.id);
    }
  }));
  const acceptSeconds = (performance.now() - started) / 1000;
  const last = ids.at(-1);
  for (;;) {
    const { json } = await api(gateway, 'GET', `/api/sessions/${session.id}/messages/${last}`);
    if (json.status !== 'queued') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const drainedSeconds = (performance.now() - started) / 1000;
  console.log(JSON.stringify({
    messages: total, concurrency,
    accepted_per_s: Math.round(total / acceptSeconds),
    accept_p50_ms: +percentile(latencies, 0.5).toFixed(2),
    accept_p99_ms: +percentile(latencies, 0.99).toFixed(2),
    all_sent_after_s: +drainedSeconds.toFixed(1),
    sent_per_s: Math.round(total / drainedSeconds),
  }));

  // 2. wrk on the session list with 100 sessions.
  for (let i = 1; i < 100; i++) await api(gateway, 'POST', '/api/sessions', { body: { name: `shop ${i}` } });
  // Asynchronously: node must keep draining the gateway's request log meanwhile, or its pipe fills and the
  // gateway stalls on writing it.
  const { stdout } = await promisify(execFile)('wrk', ['-t2', '-c32', '-d10s', '--latency', '-H',
                                                       `X-Api-Key: ${gateway.apiKey}`, `${gateway.url}/api/sessions`]);
  console.log(stdout);
} finally {
  await gateway.stop();
  gateway.removeData();
}
