// Sessions at scale against the real binary in demo mode: creates N sessions (default 5000) over HTTP, then
// starts and links L of them (default 200) through the embedded simulator, and reports the time per create,
// GET /api/sessions latency (p50/p99), open descriptors (/proc/PID/fd) and RSS at each stage.
//   WAGW_BIN=build/native/backend/wagw node tools/bench/sessions_bench.mjs [N] [L]
import { readdirSync, readFileSync } from 'node:fs';

import { makeApiKey, startGateway } from '../../tests/support/gateway.mjs';

const total = Number(process.argv[2] ?? 5000);
const linked = Number(process.argv[3] ?? 200);
const gateway = await startGateway({ apiKey: makeApiKey(), extraArgs: ['--demo'] });

const call = async (method, path, body) => {
  const headers = { 'X-Api-Key': gateway.apiKey };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const reply = await fetch(`${gateway.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: reply.status, json: await reply.json() };
};
const process_ = () => {
  const fds = readdirSync(`/proc/${gateway.pid}/fd`).length;
  const rss = Number(readFileSync(`/proc/${gateway.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]);
  return { fds, rss_mb: +(rss / 1024).toFixed(1) };
};
const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];
async function listLatency(rounds = 20) {
  const times = [];
  let count = 0;
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    const { json } = await call('GET', '/api/sessions');
    times.push(performance.now() - t);
    count = json.sessions.length;
  }
  return { sessions: count, p50_ms: +percentile(times, 0.5).toFixed(1), p99_ms: +percentile(times, 0.99).toFixed(1) };
}

const report = { idle: process_() };
const ids = [];
let t0 = performance.now();
for (let i = 0; i < total; i++) {
  const { status, json } = await call('POST', '/api/sessions', { name: `bench ${i}` });
  if (status !== 201) throw new Error(JSON.stringify(json));
  ids.push(json.id);
}
report.create = { sessions: total, total_s: +((performance.now() - t0) / 1000).toFixed(1),
                  per_create_ms: +((performance.now() - t0) / total).toFixed(2) };
report.after_create = process_();
report.list_all_stopped = await listLatency();

t0 = performance.now();
const waitState = async (id, state, ms = 30000) => {
  const deadline = Date.now() + ms;
  for (;;) {
    const { json } = await call('GET', `/api/sessions/${id}`);
    if (json.state === state) return;
    if (Date.now() > deadline) throw new Error(`${id} stuck in ${json.state}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};
const batch = 20;
for (let i = 0; i < linked; i += batch) {
  const group = ids.slice(i, Math.min(linked, i + batch));
  await Promise.all(group.map(async (id) => {
    await call('POST', `/api/sessions/${id}/start`);
    await waitState(id, 'scan_qr');
    const scan = await call('POST', `/api/sessions/${id}/demo/scan`);
    if (scan.status !== 200) throw new Error(JSON.stringify(scan.json));
    await waitState(id, 'connected');
  }));
}
report.link = { sessions: linked, total_s: +((performance.now() - t0) / 1000).toFixed(1),
                per_link_ms: +((performance.now() - t0) / Math.max(1, linked)).toFixed(1) };
await new Promise((r) => setTimeout(r, 2000));
report.after_link = process_();
report.fds_per_running_session = +((report.after_link.fds - report.after_create.fds) / Math.max(1, linked)).toFixed(2);
report.rss_mb_per_running_session = +((report.after_link.rss_mb - report.after_create.rss_mb) / Math.max(1, linked)).toFixed(2);
report.list_with_running = await listLatency();
report.open_files_limit = readFileSync(`/proc/${gateway.pid}/limits`, 'utf8').match(/Max open files\s+(\d+)/)[1];
console.log(JSON.stringify(report, null, 2));
await gateway.stop();
gateway.removeData();
