// Child processes the e2e run starts: each gets its own process group so that stopping it also
// stops what it spawned (code-server's extension host, the language server), and every one is
// tracked so that cleanup on success, failure, timeout or a signal can stop exactly those.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { request } from 'node:http';

const running = new Set();

/** Runs a command to completion within timeoutMs; resolves with { code, stdout, stderr }. */
export function run(cmd, args, { cwd, env, timeoutMs, echo = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; if (echo) process.stdout.write(d); });
    child.stderr.on('data', (d) => { stderr += d; if (echo) process.stderr.write(d); });
    const timer = setTimeout(() => {
      stopGroup(child);
      reject(new Error(`${cmd} ${args.join(' ')} did not finish within ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
    child.on('error', (e) => { clearTimeout(timer); running.delete(child); reject(e); });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}

/** Starts a long-running process (its output goes to logStream); stop it with stopProcess. */
export function start(cmd, args, { cwd, env, logStream }) {
  const child = spawn(cmd, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.stdout.pipe(logStream, { end: false });
  child.stderr.pipe(logStream, { end: false });
  child.exited = new Promise((resolve) => child.on('exit', (code, signal) => { running.delete(child); resolve({ code, signal }); }));
  child.on('error', () => running.delete(child));
  return child;
}

function alive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function stopGroup(child, signal = 'SIGTERM') {
  if (!child.pid) return;
  try {
    process.kill(-child.pid, signal); // the group led by the process we started, nothing else
  } catch {
    /* already gone */
  }
}

/** SIGTERM to the process group we started, SIGKILL after graceMs if anything is still alive. */
export async function stopProcess(child, graceMs = 5000) {
  if (!child?.pid) return;
  stopGroup(child, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (alive(child.pid) && Date.now() < deadline) await sleep(100);
  if (alive(child.pid)) stopGroup(child, 'SIGKILL');
  running.delete(child);
}

/** Stops every process this run started and has not stopped yet. */
export async function stopAll() {
  await Promise.all([...running].map((c) => stopProcess(c)));
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/** A loopback port nobody listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Polls url until it answers HTTP (any status) or timeoutMs passes. */
export async function waitForHttp(url, timeoutMs, isDead = () => false) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (isDead()) throw new Error(`the server exited before answering ${url}`);
    const ok = await new Promise((resolve) => {
      const req = request(url, { timeout: 2000 }, (res) => { res.resume(); resolve(true); });
      req.on('error', () => resolve(false));
      req.on('timeout', () => { req.destroy(); resolve(false); });
      req.end();
    });
    if (ok) return;
    await sleep(250);
  }
  throw new Error(`${url} did not answer within ${Math.round(timeoutMs / 1000)} s`);
}
