// The static file handler against every spelling of "a file outside the web root" that we know of, over raw
// sockets (fetch() would normalise the paths first). Each answer must be a 404 (or 400) and never the content of
// the sentinel files planted outside the root: one beside it, one far away, and the gateway's own database.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { makeDataDir, startGateway } from '../support/gateway.mjs';

const SENTINEL = 'SENTINEL-3f9a-must-never-be-served';

function rawRequest(port, path) {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.end(Buffer.concat([
        Buffer.from('GET '), Buffer.from(path, 'latin1'),
        Buffer.from(' HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'),
      ]));
    });
    const chunks = [];
    socket.on('data', (d) => chunks.push(d));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('error', reject);
  });
}

describe('static files never leave the web root', () => {
  let gateway;
  let base;
  let far;

  before(async () => {
    base = makeDataDir();
    far = mkdtempSync(join(tmpdir(), 'wagw-far-'));
    writeFileSync(join(base, 'secret.txt'), SENTINEL);
    writeFileSync(join(far, 'secret.txt'), SENTINEL);
    const webRoot = join(base, 'web');
    mkdirSync(join(webRoot, 'fonts'), { recursive: true });
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>wagw test page</title>');
    writeFileSync(join(webRoot, 'fonts', 'ui.ttf'), 'font');
    // Links planted inside a copy of the web root, pointing out of it.
    symlinkSync(join(base, 'secret.txt'), join(webRoot, 'escape.txt'));
    symlinkSync(far, join(webRoot, 'far'));
    symlinkSync('/proc/self', join(webRoot, 'self'));
    gateway = await startGateway({ dataDir: join(base, 'data'), webRoot });
  });

  after(async () => {
    await gateway?.stop();
    rmSync(base, { recursive: true, force: true });
    rmSync(far, { recursive: true, force: true });
  });

  test('a real file is still served', async () => {
    const reply = await rawRequest(gateway.port, '/fonts/ui.ttf');
    assert.match(reply, /^HTTP\/1\.1 200/);
  });

  test('every escape attempt answers 404 or 400 without the sentinel', async () => {
    const db = join(gateway.dataDir, 'wagw.db');
    const farSecret = join(far, 'secret.txt');
    const paths = [
      '//etc/passwd',
      '///etc/passwd',
      '////etc/passwd',
      `/${farSecret}`,
      `//${farSecret}`,
      `///${farSecret}`,
      `/${db}`,
      '/%2fetc%2fpasswd',
      `/%2F${farSecret.slice(1)}`,
      `/%2f%2f${farSecret.slice(1)}`,
      '/../secret.txt',
      '/fonts/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/.%2e/secret.txt',
      '/%2e./secret.txt',
      '/fonts/%2e%2e/%2e%2e/secret.txt',
      '/%252e%252e/secret.txt',
      '/%252e%252e%252fsecret.txt',
      '/%c0%ae%c0%ae/secret.txt',
      '/%c0%ae%c0%ae%c0%afsecret.txt',
      '/%e0%80%ae%e0%80%ae/secret.txt',
      '/..\\secret.txt',
      '/..%5csecret.txt',
      '/fonts\\..\\..\\secret.txt',
      '/index.html/../../secret.txt',
      '/index.html/..%2f..%2fsecret.txt',
      '/./../secret.txt',
      '/....//secret.txt',
      '/index.html%00',
      '/..%00/secret.txt',
      '/proc/self/environ',
      '//proc/self/environ',
      '/%2fproc%2fself%2fenviron',
      '/self/environ',
      '/escape.txt',
      '/far/secret.txt',
      '/far/../secret.txt',
      '/fonts/',
      '/fonts//ui.ttf',
    ];
    assert.ok(paths.length >= 25);
    for (const path of paths) {
      const reply = await rawRequest(gateway.port, path);
      assert.match(reply, /^HTTP\/1\.1 40[04]/, `${path}: ${reply.slice(0, 60)}`);
      assert.doesNotMatch(reply, new RegExp(SENTINEL), path);
      assert.doesNotMatch(reply, /root:x:0:0/, path);
      assert.doesNotMatch(reply, /SQLite format/, path);
      assert.doesNotMatch(reply, /PATH=/, path);
    }
  });

  test('a refused path gets the same JSON 404 as an unknown route, naming nothing on disk', async () => {
    for (const path of ['/no-such-file.js', '//etc/passwd', '/escape.txt', '/far/secret.txt', '/fonts']) {
      const reply = await rawRequest(gateway.port, path);
      assert.match(reply, /^HTTP\/1\.1 404/);
      const body = JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4));
      assert.deepEqual(body, { error: { code: 'not_found', message: `no such route: GET ${path}` } });
    }
  });
});
