// Our media encryption against Baileys' own code: the key schedule per media type, a file Baileys encrypted
// (encryptedStream) decrypted and checked by us, and a file we encrypted downloaded and decrypted by Baileys
// (downloadContentFromMessage) from a local HTTP server.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

import { downloadContentFromMessage, encryptedStream, getMediaKeys } from 'baileys';

const tool = process.env.WA_MEDIA_TOOL;
assert.ok(tool, 'WA_MEDIA_TOOL must name the wa_media_tool binary');
const dir = mkdtempSync(join(tmpdir(), 'wagw-media-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args) => {
  try {
    return JSON.parse(execFileSync(tool, args).toString());
  } catch (e) {
    return JSON.parse(e.stdout.toString());
  }
};
const sha = (b) => createHash('sha256').update(b).digest();
const kinds = ['image', 'video', 'audio', 'document', 'sticker'];

describe('media encryption interop with Baileys', () => {
  test('the key schedule matches for every media type', async () => {
    for (const kind of kinds) {
      const mediaKey = randomBytes(32);
      const ours = run('keys', kind, mediaKey.toString('base64'));
      const theirs = await getMediaKeys(mediaKey, kind);
      assert.equal(ours.iv, Buffer.from(theirs.iv).toString('base64'), kind);
      assert.equal(ours.cipherKey, Buffer.from(theirs.cipherKey).toString('base64'), kind);
      assert.equal(ours.macKey, Buffer.from(theirs.macKey).toString('base64'), kind);
    }
  });

  test('files Baileys encrypted decrypt here with every check passing', async () => {
    for (const [kind, size] of [['image', 1], ['video', 70000], ['audio', 4096], ['document', 123457]]) {
      const file = randomBytes(size);
      const enc = await encryptedStream(file, kind);
      const blob = readFileSync(enc.encFilePath);
      rmSync(enc.encFilePath, { force: true });
      const blobPath = join(dir, `${kind}.enc`);
      const outPath = join(dir, `${kind}.out`);
      writeFileSync(blobPath, blob);
      const ok = run('decrypt', kind, enc.mediaKey.toString('base64'), blobPath, outPath,
        enc.fileEncSha256.toString('base64'), enc.fileSha256.toString('base64'));
      assert.equal(ok.error, undefined, `${kind}: ${ok.message}`);
      assert.ok(readFileSync(outPath).equals(file), kind);

      const damaged = Buffer.from(blob);
      damaged[Math.floor(damaged.length / 2)] ^= 1;
      writeFileSync(blobPath, damaged);
      const refused = run('decrypt', kind, enc.mediaKey.toString('base64'), blobPath, outPath);
      assert.equal(refused.error, 'media_mac_mismatch', kind);
    }
  });

  test('files we encrypted are downloaded and decrypted by Baileys', async () => {
    const blobs = new Map();
    const server = createServer((req, res) => {
      const blob = blobs.get(req.url.split('?')[0]);
      if (!blob) return res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': blob.length }).end(blob);
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address();
    try {
      for (const [kind, size] of [['image', 33], ['video', 100000], ['audio', 7], ['document', 5000], ['sticker', 900]]) {
        const file = randomBytes(size);
        const plainPath = join(dir, `${kind}.plain`);
        const blobPath = join(dir, `${kind}.ours`);
        writeFileSync(plainPath, file);
        const meta = run('encrypt', kind, plainPath, blobPath);
        assert.equal(meta.error, undefined, meta.message);
        assert.equal(meta.fileLength, size);
        assert.equal(meta.fileSha256, sha(file).toString('base64'));
        const blob = readFileSync(blobPath);
        assert.equal(meta.fileEncSha256, sha(blob).toString('base64'));
        const directPath = `/v/t62/${kind}.enc`;
        blobs.set(directPath, blob);
        // Without a directPath Baileys downloads from `url` as given: here, our local server.
        const stream = await downloadContentFromMessage(
          { mediaKey: Buffer.from(meta.mediaKey, 'base64'), url: `http://127.0.0.1:${port}${directPath}?ccb=1` }, kind);
        const chunks = [];
        for await (const chunk of stream) chunks.push(chunk);
        assert.ok(Buffer.concat(chunks).equals(file), `${kind} decrypted by Baileys`);
      }
    } finally {
      server.close();
    }
  });
});
