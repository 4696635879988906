// Media against the real binary: uploads (raw and multipart) come back byte for byte, oversize bodies get a
// clear 413, and media_url fetching obeys the address rules (loopback refused unless allowed, redirects
// re-checked) and the size cap. The "remote" files come from a local node HTTP server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import { startGateway, makeApiKey } from '../support/gateway.mjs';

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from('fake png body for the test')]);

async function call(gateway, method, path, { body, headers = {} } = {}) {
  const reply = await fetch(gateway.url + path, {
    method, headers: { 'x-api-key': gateway.apiKey, ...headers }, body,
  });
  const bytes = Buffer.from(await reply.arrayBuffer());
  let json;
  try { json = JSON.parse(bytes.toString()); } catch { /* not JSON */ }
  return { status: reply.status, json, bytes, type: reply.headers.get('content-type') };
}

async function newSession(gateway, name) {
  const created = await call(gateway, 'POST', '/api/sessions', {
    body: JSON.stringify({ name }), headers: { 'content-type': 'application/json' },
  });
  assert.equal(created.status, 201);
  return created.json.id;
}

// A "remote" web server: /photo.png, /big (2 MiB, with Content-Length), /big-chunked (no length),
// /to-metadata and /to-ipv6-loopback (redirects to refused addresses), /hop (a redirect to /photo.png).
let remote;
let remoteUrl;
const remoteHits = [];
before(async () => {
  remote = createServer((req, res) => {
    remoteHits.push(req.url);
    if (req.url === '/photo.png') {
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length });
      return res.end(png);
    }
    if (req.url === '/big') {
      const big = Buffer.alloc(2 * 1024 * 1024, 7);
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': big.length });
      return res.end(big);
    }
    if (req.url === '/big-chunked') {
      res.writeHead(200, { 'content-type': 'application/pdf' });
      for (let i = 0; i < 40; i++) res.write(Buffer.alloc(64 * 1024, 1));
      return res.end();
    }
    if (req.url === '/hop') {
      res.writeHead(302, { location: '/photo.png' });
      return res.end();
    }
    if (req.url === '/to-metadata') {
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
      return res.end();
    }
    if (req.url === '/to-ipv6-loopback') {
      res.writeHead(301, { location: `http://[::1]:${remote.address().port}/photo.png` });
      return res.end();
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise((resolve) => remote.listen(0, '127.0.0.1', resolve));
  remoteUrl = `http://127.0.0.1:${remote.address().port}`;
});
after(() => remote.close());

test('uploads come back byte for byte, once on disk, with a clear 413 over the limits', async () => {
  const gateway = await startGateway({ apiKey: makeApiKey(), extraArgs: ['--media-max-mb', '4'] });
  try {
    const id = await newSession(gateway, 'shop');

    // Raw, no useful Content-Type: the type is read from the bytes, the name from ?filename=.
    const raw = await call(gateway, 'POST', `/api/sessions/${id}/media?filename=logo.png`, {
      body: png, headers: { 'content-type': 'application/octet-stream' },
    });
    assert.equal(raw.status, 201, raw.bytes.toString());
    assert.match(raw.json.media_id, /^med_[0-9a-f]+$/);
    assert.equal(raw.json.sha256, sha256(png));
    assert.equal(raw.json.size, png.length);
    assert.equal(raw.json.mimetype, 'image/png');
    assert.equal(raw.json.file_name, 'logo.png');

    const back = await call(gateway, 'GET', `/api/sessions/${id}/media/${raw.json.media_id}`);
    assert.equal(back.status, 200);
    assert.equal(back.type, 'image/png');
    assert.equal(sha256(back.bytes), sha256(png));

    // Multipart with a form field beside the file.
    const doc = Buffer.from('%PDF-1.4\n' + 'x'.repeat(5000));
    const form = new FormData();
    form.append('note', 'hello');
    form.append('file', new Blob([doc], { type: 'application/pdf' }), 'invoice.pdf');
    const multi = await call(gateway, 'POST', `/api/sessions/${id}/media`, { body: form });
    assert.equal(multi.status, 201, multi.bytes.toString());
    assert.equal(multi.json.mimetype, 'application/pdf');
    assert.equal(multi.json.file_name, 'invoice.pdf');
    const multiBack = await call(gateway, 'GET', `/api/sessions/${id}/media/${multi.json.media_id}`);
    assert.equal(sha256(multiBack.bytes), sha256(doc));

    // The same bytes again: a new media id, the same single file on disk.
    const again = await call(gateway, 'POST', `/api/sessions/${id}/media`, {
      body: png, headers: { 'content-type': 'image/png' },
    });
    assert.equal(again.status, 201);
    assert.notEqual(again.json.media_id, raw.json.media_id);
    const files = readdirSync(join(gateway.dataDir, 'media')).filter((f) => /^[0-9a-f]{64}$/.test(f));
    assert.deepEqual(files.sort(), [sha256(png), sha256(doc)].sort());

    // Another session cannot read it; unknown session and media ids are 404s naming the field.
    const other = await newSession(gateway, 'other');
    const foreign = await call(gateway, 'GET', `/api/sessions/${other}/media/${raw.json.media_id}`);
    assert.equal(foreign.status, 404);
    assert.equal(foreign.json.error.field, 'media_id');
    const noSession = await call(gateway, 'POST', '/api/sessions/ses_nope/media', { body: png });
    assert.equal(noSession.status, 404);
    assert.equal(noSession.json.error.field, 'id');

    // Empty body, and a multipart body with two files.
    const empty = await call(gateway, 'POST', `/api/sessions/${id}/media`, {
      body: '', headers: { 'content-type': 'image/png' },
    });
    assert.equal(empty.status, 400);
    assert.equal(empty.json.error.field, 'body');
    const two = new FormData();
    two.append('a', new Blob([png]), 'a.png');
    two.append('b', new Blob([png]), 'b.png');
    const twoFiles = await call(gateway, 'POST', `/api/sessions/${id}/media`, { body: two });
    assert.equal(twoFiles.status, 400);
    assert.equal(twoFiles.json.error.code, 'invalid_multipart');
    assert.match(twoFiles.json.error.message, /more than one file/);

    // Over --media-max-mb (4 MiB): 413 from the store, naming the limit.
    const over = await call(gateway, 'POST', `/api/sessions/${id}/media`, {
      body: Buffer.alloc(5 * 1024 * 1024, 3), headers: { 'content-type': 'application/pdf' },
    });
    assert.equal(over.status, 413);
    assert.equal(over.json.error.code, 'too_large');
    assert.match(over.json.error.message, /at most 4194304/);

    // Over the route's 64 MiB: 413 from the server before any handler runs.
    const huge = await call(gateway, 'POST', `/api/sessions/${id}/media`, {
      body: Buffer.alloc(64 * 1024 * 1024 + 4096, 1), headers: { 'content-type': 'application/pdf' },
    });
    assert.equal(huge.status, 413);
    assert.equal(huge.json.error.code, 'body_too_large');
    assert.match(huge.json.error.message, /accepts at most 67108864 bytes/);

    // Still there after a restart (same data folder).
    await gateway.stop();
    const reopened = await startGateway({ apiKey: gateway.apiKey, dataDir: gateway.dataDir });
    try {
      const kept = await call(reopened, 'GET', `/api/sessions/${id}/media/${raw.json.media_id}`);
      assert.equal(kept.status, 200);
      assert.equal(sha256(kept.bytes), sha256(png));
    } finally {
      await reopened.stop();
    }
  } finally {
    await gateway.stop();
    gateway.removeData();
  }
});

test('media_url: a loopback URL is refused unless allowed', async () => {
  const gateway = await startGateway({ apiKey: makeApiKey() });
  try {
    const id = await newSession(gateway, 'shop');
    const hitsBefore = remoteHits.length;
    const refused = await call(gateway, 'POST', `/api/sessions/${id}/media/fetch`, {
      body: JSON.stringify({ url: `${remoteUrl}/photo.png` }), headers: { 'content-type': 'application/json' },
    });
    assert.equal(refused.status, 400);
    assert.equal(refused.json.error.field, 'url');
    assert.equal(refused.json.error.code, 'address_refused');
    assert.match(refused.json.error.message, /127\.0\.0\.1 \(loopback\).*--media-allow-private/);
    assert.equal(remoteHits.length, hitsBefore, 'nothing was sent to the refused address');

    for (const url of ['ftp://example.com/a.png', 'file:///etc/passwd', 'not a url']) {
      const bad = await call(gateway, 'POST', `/api/sessions/${id}/media/fetch`, {
        body: JSON.stringify({ url }), headers: { 'content-type': 'application/json' },
      });
      assert.equal(bad.status, 400, url);
      assert.equal(bad.json.error.field, 'url');
      assert.equal(bad.json.error.code, 'invalid_url');
    }
  } finally {
    await gateway.stop();
    gateway.removeData();
  }
});

test('media_url: fetched with --media-allow-private, size-capped, redirects followed', async () => {
  const gateway = await startGateway({ apiKey: makeApiKey(), extraArgs: ['--media-allow-private', '--media-max-mb', '1'] });
  try {
    const id = await newSession(gateway, 'shop');
    const fetchUrl = (url) => call(gateway, 'POST', `/api/sessions/${id}/media/fetch`, {
      body: JSON.stringify({ url }), headers: { 'content-type': 'application/json' },
    });
    const got = await fetchUrl(`${remoteUrl}/hop`);
    assert.equal(got.status, 201, got.bytes.toString());
    assert.equal(got.json.sha256, sha256(png));
    assert.equal(got.json.mimetype, 'image/png');
    assert.equal(got.json.file_name, 'photo.png');
    const back = await call(gateway, 'GET', `/api/sessions/${id}/media/${got.json.media_id}`);
    assert.equal(sha256(back.bytes), sha256(png));

    for (const path of ['/big', '/big-chunked']) {
      const big = await fetchUrl(`${remoteUrl}${path}`);
      assert.equal(big.status, 400, path);
      assert.equal(big.json.error.code, 'too_large');
      assert.equal(big.json.error.field, 'url');
      assert.match(big.json.error.message, /larger than 1048576 bytes/);
    }
    const missing = await fetchUrl(`${remoteUrl}/nothing-here`);
    assert.equal(missing.status, 400);
    assert.match(missing.json.error.message, /HTTP 404/);
  } finally {
    await gateway.stop();
    gateway.removeData();
  }
});

test('media_url: a redirect to a refused address is refused', async () => {
  // Only the test server's own address is allowed: what it redirects to is judged again.
  const gateway = await startGateway({ apiKey: makeApiKey(), extraArgs: ['--media-allow-address', '127.0.0.1'] });
  try {
    const id = await newSession(gateway, 'shop');
    const fetchUrl = (url) => call(gateway, 'POST', `/api/sessions/${id}/media/fetch`, {
      body: JSON.stringify({ url }), headers: { 'content-type': 'application/json' },
    });
    assert.equal((await fetchUrl(`${remoteUrl}/photo.png`)).status, 201);
    const metadata = await fetchUrl(`${remoteUrl}/to-metadata`);
    assert.equal(metadata.status, 400);
    assert.equal(metadata.json.error.code, 'address_refused');
    assert.equal(metadata.json.error.field, 'url');
    assert.match(metadata.json.error.message, /redirect.*169\.254\.169\.254 \(link-local\)/);
    const v6 = await fetchUrl(`${remoteUrl}/to-ipv6-loopback`);
    assert.equal(v6.status, 400);
    assert.equal(v6.json.error.code, 'address_refused');
    assert.match(v6.json.error.message, /::1 \(loopback\)/);
  } finally {
    await gateway.stop();
    gateway.removeData();
  }
});
