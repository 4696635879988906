// Small clients for the gateway's REST API and its /api/events socket, shared by the HTTP tests.
import WebSocket from 'ws';

// One request; the body is JSON unless `raw` gives the exact text; `headers` adds more (Idempotency-Key, say).
// Returns status, content type, and JSON or bytes.
export async function api(gateway, method, path, { body, raw, key = gateway.apiKey, headers: extra = {} } = {}) {
  const headers = { ...extra };
  if (key !== null) headers['X-Api-Key'] = key;
  let payload;
  if (raw !== undefined) payload = raw;
  else if (body !== undefined) payload = JSON.stringify(body);
  if (payload !== undefined) headers['content-type'] = 'application/json';
  const reply = await fetch(`${gateway.url}${path}`, { method, headers, body: payload });
  const type = reply.headers.get('content-type') ?? '';
  if (type.startsWith('application/json')) return { status: reply.status, type, json: await reply.json() };
  return { status: reply.status, type, bytes: Buffer.from(await reply.arrayBuffer()) };
}

// Opens /api/events with `query` (e.g. "?since=3&types=session.qr") and records every event. Resolves once
// the hello event arrived; rejects with the status and error body when the upgrade is refused.
export function watchEvents(gateway, query = '') {
  return new Promise((resolve, reject) => {
    const events = [];
    const waiters = [];
    const socket = new WebSocket(`ws://127.0.0.1:${gateway.port}/api/events${query}`,
                                 { headers: { 'X-Api-Key': gateway.apiKey } });
    let closed = null;
    socket.on('close', (code, reason) => { closed = { code, reason: reason.toString() }; });
    socket.on('message', (data) => {
      const event = JSON.parse(data.toString());
      if (event.type === 'hello' && events.length === 0 && !watcher.hello) {
        watcher.hello = event;
        resolve(watcher);
        return;
      }
      events.push(event);
      for (const waiter of [...waiters]) {
        if (waiter.done()) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
    });
    socket.once('unexpected-response', (request, response) => {
      let body = '';
      response.on('data', (d) => (body += d));
      response.on('end', () => {
        const error = new Error(`events socket refused: ${response.statusCode} ${body}`);
        error.status = response.statusCode;
        error.body = JSON.parse(body);
        reject(error);
      });
    });
    socket.once('error', reject);
    const watcher = {
      hello: null,
      events,
      closed: () => closed,
      close: () => socket.close(),
      // Waits until `done()` holds over the events seen so far.
      until(done, timeoutMs = 20000, what = 'condition') {
        if (done()) return Promise.resolve();
        return new Promise((res, rej) => {
          const timer = setTimeout(() => rej(new Error(`${what} not met within ${timeoutMs} ms; saw ` +
                                                       JSON.stringify(events.map((e) => [e.id, e.type])))),
                                   timeoutMs);
          waiters.push({ done, resolve: () => { clearTimeout(timer); res(); } });
        });
      },
      next(match, timeoutMs = 20000) {
        return watcher.until(() => events.some(match), timeoutMs, 'matching event').then(() => events.find(match));
      },
    };
  });
}

export async function waitForState(gateway, id, state, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const session = await api(gateway, 'GET', `/api/sessions/${id}`);
    if (session.json.state === state) return session.json;
    if (Date.now() > deadline) throw new Error(`session ${id} is ${JSON.stringify(session.json)}, not ${state}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
