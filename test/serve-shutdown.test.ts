// Stopping a real server as a deployment does (SIGTERM): new connections are refused at once, a
// request in flight (a large upload from a slow client) still gets its whole answer, and the process
// exits 0; one that outlasts the grace period is cut off, with exit code 1 and a log line saying so.
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from '../src/app/app.js';
import { multipart, pdf } from './helpers/media.js';
import { startServer } from './helpers/server.js';
import { TEST_POLICY } from './helpers/store.js';
import { TEST_PASSWORD } from './helpers/app.js';
import { systemClock } from '../src/shared/clock.js';

let dir: string;
let db: string;
let token: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beiguan-shutdown-'));
  db = path.join(dir, 'store.sqlite');
  const app = await openApp({ kind: 'sqlite', path: db }, systemClock, TEST_POLICY);
  try {
    await app.services.auth.addUser({ name: 'ed', role: 'editor', password: TEST_PASSWORD });
    token = (await app.services.auth.createToken('ed')).token;
  } finally {
    await app.close();
  }
});
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const serve = (env: Record<string, string> = {}) => startServer(db, { args: ['--media-dir', path.join(dir, 'media'), '--log-level', 'info'], env, children });

/** An upload whose body is sent in two parts: the second only when the test says. */
function slowUpload(port: number) {
  const body = multipart([['file', { filename: 'report.pdf', data: pdf(2_000_000), type: 'application/pdf' }]]);
  const half = Math.floor(body.payload.length / 2);
  const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/v1/media', agent: false, headers: { authorization: `Bearer ${token}`, 'content-type': body.contentType, 'content-length': body.payload.length } });
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: text }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
  req.write(body.payload.subarray(0, half));
  return { answer, finish: () => req.end(body.payload.subarray(half)) };
}

/** Waits until the server's log shows the upload arrived (its headers read: a request in flight). */
async function untilLogged(server: { output(): string }, text: string) {
  for (const deadline = Date.now() + 20_000; !server.output().includes(text); await new Promise((r) => setTimeout(r, 25)))
    if (Date.now() > deadline) throw new Error(`the server never logged ${text}: ${server.output()}`);
}

const connects = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => (socket.destroy(), resolve(true)));
    socket.on('error', () => resolve(false));
  });

/** Polls until the port refuses connections; false when it still accepts at the deadline. */
async function refusedWithin(port: number, ms: number) {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) if (!(await connects(port))) return true;
  return false;
}

describe('beiguan serve, stopped by SIGTERM', () => {
  it('refuses new connections, finishes the request in flight with its whole answer, and exits 0', async () => {
    const server = await serve();
    const upload = slowUpload(server.port);
    await untilLogged(server, '"url":"/api/v1/media"');
    server.child.kill('SIGTERM');
    expect(await refusedWithin(server.port, 5000)).toBe(true);
    upload.finish();
    const answer = await upload.answer;
    expect(answer.status).toBe(201);
    const item = JSON.parse(answer.body) as { id: number };
    expect(item).toMatchObject({ id: expect.any(Number), kind: 'document', name: 'report.pdf' });
    expect(await server.exited).toBe(0);
    // The upload was written whole before the store closed.
    const app = await openApp({ kind: 'sqlite', path: db }, systemClock, TEST_POLICY);
    try {
      const ed = await app.services.auth.actorForToken(token);
      expect((await app.services.media.get(ed, item.id)).item.byteSize).toBe(pdf(2_000_000).length);
    } finally {
      await app.close();
    }
    const log = server.output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { msg: string });
    expect(log.map((l) => l.msg)).toEqual(expect.arrayContaining(['shutting down: finishing the requests in flight', 'shut down']));
  });

  it('cuts off a request that outlasts the grace period, exiting 1 and saying why', async () => {
    const server = await serve({ BEIGUAN_SHUTDOWN_GRACE_SECONDS: '1' });
    const upload = slowUpload(server.port);
    upload.answer.catch(() => undefined); // its connection is cut
    await untilLogged(server, '"url":"/api/v1/media"');
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('requests were still running when the grace period ended');
  });
});
