// Starts the real `wagw` binary for a test: a free loopback port, a fresh data folder, and a clean stop.
import { spawn } from 'node:child_process';
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

// Runs `wagw serve` and resolves once /api/health answers. `stop()` sends SIGTERM and waits for the exit.
export async function startGateway({ dataDir = makeDataDir(), port, webRoot, extraArgs = [] } = {}) {
  port ??= await freePort();
  const args = ['serve', '--listen', `127.0.0.1:${port}`, '--data', dataDir, ...extraArgs];
  if (webRoot) args.push('--web-root', webRoot);
  const child = spawn(wagwBin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
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
