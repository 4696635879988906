// The real wagw binary over real HTTP and WebSocket: health, JSON errors, the events hello, the data folder.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';

import { makeApiKey, makeDataDir, runWagw, startGateway } from '../support/gateway.mjs';

function firstMessage(url, headers = {}) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    const timer = setTimeout(() => reject(new Error('no event within 5 s')), 5000);
    socket.once('message', (data, isBinary) => {
      clearTimeout(timer);
      socket.close();
      resolve({ text: data.toString(), isBinary });
    });
    socket.once('error', reject);
  });
}

// fetch() normalises "..", so path-escape attempts go over a raw socket exactly as written.
function rawGet(port, path) {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.end(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    });
    let reply = '';
    socket.on('data', (d) => (reply += d));
    socket.on('end', () => resolve(reply));
    socket.on('error', reject);
  });
}

describe('wagw serve', () => {
  let gateway;
  let webRoot;

  before(async () => {
    const base = makeDataDir();
    writeFileSync(join(base, 'secret.txt'), 'TOP SECRET');
    webRoot = join(base, 'web');
    mkdirSync(webRoot);
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>wagw test page</title>');
    mkdirSync(join(webRoot, 'fonts'));
    writeFileSync(join(webRoot, 'fonts', 'ui.ttf'), 'not really a font');
    gateway = await startGateway({ webRoot, apiKey: makeApiKey() });
  });

  after(async () => {
    await gateway?.stop();
    gateway?.removeData();
  });

  test('GET /api/health reports ok, the binary version and an uptime', async () => {
    const reply = await fetch(`${gateway.url}/api/health`);
    assert.equal(reply.status, 200);
    assert.match(reply.headers.get('content-type'), /application\/json/);
    const body = await reply.json();
    assert.equal(body.status, 'ok');
    const { stdout } = await runWagw(['version']);
    assert.equal(`wagw ${body.version}`, stdout.trim());
    assert.ok(Number.isInteger(body.uptime_s) && body.uptime_s >= 0, `uptime_s: ${body.uptime_s}`);
  });

  test('unknown API routes answer 404 with the JSON error body', async () => {
    for (const path of ['/api/nope', '/api/sessions/42/no-such-thing', '/nothing-here.js']) {
      const reply = await fetch(`${gateway.url}${path}`);
      assert.equal(reply.status, 404, path);
      assert.match(reply.headers.get('content-type'), /application\/json/);
      const body = await reply.json();
      assert.equal(body.error.code, 'not_found');
      assert.ok(body.error.message.includes(path), body.error.message);
    }
  });

  test('a known route with the wrong method answers 405, not 404', async () => {
    const reply = await fetch(`${gateway.url}/api/health`, { method: 'POST', body: '{}' });
    assert.equal(reply.status, 405);
    const body = await reply.json();
    assert.equal(body.error.code, 'method_not_allowed');
  });

  test('the browser app is served at / and files cannot escape the web root', async () => {
    const page = await fetch(`${gateway.url}/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type'), /text\/html/);
    assert.match(await page.text(), /wagw test page/);
    const font = await fetch(`${gateway.url}/fonts/ui.ttf`);
    assert.equal(font.status, 200);
    assert.equal(font.headers.get('content-type'), 'font/ttf');
    for (const path of ['/../secret.txt', '/fonts/../../secret.txt', '/%2e%2e/secret.txt', '/fonts/%2e%2e/%2e%2e/secret.txt']) {
      const reply = await rawGet(gateway.port, path);
      assert.match(reply, /^HTTP\/1\.1 404/, path);
      assert.doesNotMatch(reply, /TOP SECRET/, path);
    }
  });

  test('/api/events sends a hello event first', async () => {
    const ws = `ws://127.0.0.1:${gateway.port}/api/events`;
    const { text, isBinary } = await firstMessage(ws, { 'X-Api-Key': gateway.apiKey });
    assert.equal(isBinary, false);
    const event = JSON.parse(text);
    assert.equal(event.type, 'hello');
    assert.ok(Math.abs(event.time - Date.now()) < 60000, `time ${event.time}`);
    assert.equal(event.id, null, 'hello is not stored, so it has no id');
    assert.equal(event.session, null);
    const health = await (await fetch(`${gateway.url}/api/health`)).json();
    assert.equal(event.payload.version, health.version);
  });

  test('/api/events without a WebSocket upgrade is a clear 400', async () => {
    const reply = await fetch(`${gateway.url}/api/events`);
    assert.equal(reply.status, 400);
    assert.equal((await reply.json()).error.code, 'websocket_required');
  });

  test('many event sockets at once each get their hello', async () => {
    const ws = `ws://127.0.0.1:${gateway.port}/api/events`;
    const headers = { 'X-Api-Key': gateway.apiKey };
    const replies = await Promise.all(Array.from({ length: 30 }, () => firstMessage(ws, headers)));
    for (const { text } of replies) assert.equal(JSON.parse(text).type, 'hello');
  });
});

describe('wagw data folder and start-up', () => {
  test('first start creates a private data folder with wagw.db and prints the admin key once; a restart keeps the schema', async () => {
    const dataDir = join(makeDataDir(), 'data');  // wagw creates it
    const first = await startGateway({ dataDir });
    await first.stop();
    assert.ok(existsSync(join(dataDir, 'wagw.db')));
    assert.match(first.output(), /dashboard: http:\/\/127\.0\.0\.1:\d+\//);
    const schema = first.output().match(/schema version (\d+)\)/);
    assert.ok(schema && Number(schema[1]) >= 2, `no schema version in: ${first.output()}`);
    const key = first.output().match(/admin API key[^:]*: (wagw_[A-Za-z0-9_-]{43})\n/);
    assert.ok(key, `no admin key in: ${first.output()}`);
    // Nobody else on the machine may read the data folder or the database.
    assert.equal(statSync(dataDir).mode & 0o777, 0o700);
    for (const file of readdirSync(dataDir)) {
      assert.equal(statSync(join(dataDir, file)).mode & 0o077, 0, `${file} is private`);
    }

    chmodSync(dataDir, 0o755);  // as installs before this release left it
    chmodSync(join(dataDir, 'wagw.db'), 0o644);
    const second = await startGateway({ dataDir });
    assert.equal(statSync(dataDir).mode & 0o777, 0o700, 'an old data folder is made private at start');
    assert.equal(statSync(join(dataDir, 'wagw.db')).mode & 0o777, 0o600);
    const { code } = await second.stop();
    assert.equal(code, 0, 'SIGTERM is a clean stop');
    assert.match(second.output(), new RegExp(`schema version ${schema[1]}\\)`), 'a restart keeps the schema');
    assert.doesNotMatch(second.output(), /wagw_[A-Za-z0-9_-]{43}/, 'the key is shown only on first start');
    first.removeData();
  });

  test('a port already in use is reported, with the address', async () => {
    const running = await startGateway();
    const { code, stderr } = await runWagw(['serve', '--listen', `127.0.0.1:${running.port}`, '--data', makeDataDir()]);
    await running.stop();
    running.removeData();
    assert.notEqual(code, 0);
    assert.match(stderr, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${running.port}`));
  });

  test('a wrong flag exits with usage help naming it', async () => {
    const { code, stderr } = await runWagw(['serve', '--lisen', '127.0.0.1:1']);
    assert.equal(code, 2);
    assert.match(stderr, /unknown flag: --lisen/);
    assert.match(stderr, /usage: wagw serve/);
  });
});
