import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';

export type Measure = { name: string; requestsPerSecond: number; p50: number; p95: number; p99: number; errors: number; non2xx: number };

export const benchSeconds = Number(process.env['BENCH_SECONDS'] ?? 10);
export const connections = 50;

export function startProcess(script: string, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  child.stdout?.on('data', () => {});
  return child;
}

export async function waitForUrl(url: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`${url} did not answer in time`);
}

function percentile(sorted: number[], fraction: number) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

/** Drives one URL with autocannon (50 connections) and computes p50/p95/p99 from every response. */
export async function measure(name: string, url: string, headers: Record<string, string> = {}): Promise<Measure> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url, connections, duration: benchSeconds, headers }, (error, finished) => (error ? reject(error) : resolve(finished)));
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  latencies.sort((a, b) => a - b);
  return {
    name,
    requestsPerSecond: Math.round(result.requests.average),
    p50: Math.round(percentile(latencies, 0.5) * 10) / 10,
    p95: Math.round(percentile(latencies, 0.95) * 10) / 10,
    p99: Math.round(percentile(latencies, 0.99) * 10) / 10,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

export function report(file: string, context: Record<string, unknown>, baseline: Measure, measures: Measure[]) {
  const rows = [baseline, ...measures].map((m) => ({
    target: m.name,
    'req/s': m.requestsPerSecond,
    'p50 ms': m.p50,
    'p95 ms': m.p95,
    'p99 ms': m.p99,
    'vs hello-world': `${((m.requestsPerSecond / baseline.requestsPerSecond) * 100).toFixed(1)} %`,
    'errors/non-2xx': `${m.errors}/${m.non2xx}`,
  }));
  console.table(rows);
  const directory = path.join(path.dirname(new URL(import.meta.url).pathname), 'results');
  mkdirSync(directory, { recursive: true });
  writeFileSync(
    path.join(directory, file),
    JSON.stringify({ ...context, date: new Date().toISOString(), connections, seconds: benchSeconds, baseline, measures: measures.map((m) => ({ ...m, ratioToHelloWorld: m.requestsPerSecond / baseline.requestsPerSecond })) }, null, 2) + '\n',
  );
}

/** Signs in through the real form and returns the Cookie header for authenticated pages. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const loginPage = await fetch(`${baseUrl}/login`);
  const csrfCookie = loginPage.headers.getSetCookie().find((line) => line.startsWith('psl_csrf='))!.split(';')[0]!;
  const token = csrfCookie.split('=')[1]!;
  const response = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
    body: new URLSearchParams({ email, password, _csrf: token }),
  });
  const session = response.headers.getSetCookie().find((line) => line.startsWith('psl_session='));
  if (!session) throw new Error(`sign-in failed for ${email}: ${response.status}`);
  return `${csrfCookie}; ${session.split(';')[0]}`;
}
