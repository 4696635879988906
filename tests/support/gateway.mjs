// Starts the real `wagw` binary for a test: a free loopback port, a fresh data folder, and a clean stop.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const wagwBin = process.env.WAGW_BIN;
if (!wagwBin) throw new Error('WAGW_BIN must name the wagw binary (ctest sets it)');

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function makeDataDir() {
  return mkdtempSync(join(tmpdir(), 'wagw-data-'));
}

// An admin key for a test's gateway (WAGW_API_KEY), so the test can call the protected routes.
export function makeApiKey() {
  return `wagw_test_${randomBytes(18).toString('base64url')}`;
}

// Runs `wagw serve` and resolves once /api/health answers. `stop()` sends SIGTERM and waits for the exit.
// With `apiKey`, the gateway uses it as its admin key (otherwise it makes one and prints it on first start).
export async function startGateway({ dataDir = makeDataDir(), port, webRoot, apiKey, extraArgs = [] } = {}) {
  port ??= await freePort();
  const args = ['serve', '--listen', `127.0.0.1:${port}`, '--data', dataDir, ...extraArgs];
  if (webRoot) args.push('--web-root', webRoot);
  const env = { ...process.env };
  if (apiKey) env.WAGW_API_KEY = apiKey;
  else delete env.WAGW_API_KEY;
  const child = spawn(wagwBin, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`wagw exited early (${child.exitCode}): ${stderr || stdout}`);
    }
    try {
      const reply = await fetch(`${url}/api/health`);
      if (reply.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`wagw did not answer on ${url} within 15 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }

  return {
    url,
    port,
    dataDir,
    apiKey,
    pid: child.pid,
    output: () => stdout,
    errors: () => stderr,
    exited,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
    removeData() {
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// Runs wagw to completion (for commands that exit), returning its exit code and output.
export function runWagw(args) {
  return new Promise((resolve) => {
    const child = spawn(wagwBin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
