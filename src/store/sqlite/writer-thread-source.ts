/**
 * The writer thread's program. It is plain JavaScript run with `new Worker(source, { eval: true })` so that it
 * starts the same way from TypeScript sources (tsx, vitest) and from the compiled package; it gets the path of
 * better-sqlite3, the database and the SQL of every write statement through `workerData`, so the SQL has one source
 * (`WRITE_SQL`). Protocol: see writer-protocol.ts.
 *
 * Requests queued while a transaction runs are committed together in the next one (group commit). A failed
 * transaction (lock held too long, disk full, ...) is reported and retried with backoff, in order, until it succeeds
 * or the journal closes. A session whose events collide with stored ones (another writer), or whose lease no longer
 * carries the write's fencing token (another writer acquired it), is reported once and never written again, so
 * nothing of the other writer's is overwritten and no seq gap is created.
 */
export const WRITER_THREAD_SOURCE = String.raw`
"use strict";
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.sqlitePath);
const sql = workerData.sql;
const chunk = workerData.chunk;
const shared = new Int32Array(workerData.shared);
const db = new Database(workerData.path, { timeout: workerData.busyTimeoutMs });
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
const insertEvent = db.prepare(sql.insertEvent);
const insertEvents = db.prepare(sql.insertEvents);
const insertSession = db.prepare(sql.insertSession);
const updateSession = db.prepare(sql.updateSession);
const releaseLease = db.prepare(sql.releaseLease);
const checkLease = db.prepare(sql.checkLease).pluck();
const markFlush = db.prepare(sql.markFlush);
const args = new Array(chunk * 6);
const conflicted = new Set();
const queue = [];
let retryTimer = undefined;
let retryDelay = 5;
let closing = false;

const writeSession = db.transaction((write) => {
  if (write.insert) insertSession.run(write.insert);
  if (write.update) updateSession.run(write.update);
  if (write.count > 0) {
    const id = write.id;
    const types = write.types.split("\n");
    const payloads = write.payloads.split("\n");
    const times = write.times;
    const v = write.v;
    let i = 0;
    for (; i + chunk <= write.count; i += chunk) {
      let k = 0;
      for (let j = i; j < i + chunk; j++) {
        args[k++] = id;
        args[k++] = write.firstSeq + j;
        args[k++] = types[j];
        args[k++] = payloads[j];
        args[k++] = times[j];
        args[k++] = v;
      }
      insertEvents.run(args);
    }
    for (; i < write.count; i++) insertEvent.run(id, write.firstSeq + i, types[i], payloads[i], times[i], v);
  }
  if (write.release) releaseLease.run(write.id, write.token, write.fence);
});

const commit = db.transaction((requests, durable) => {
  const conflicts = [];
  const fenced = [];
  if (durable) markFlush.run(new Date().toISOString());
  for (const request of requests) {
    for (const write of request.sessions) {
      if (conflicted.has(write.id + " " + write.fence) || conflicts.includes(write.id) || fenced.includes(write.id)) continue;
      // The fencing check: nothing of a writer whose lease was taken over is stored.
      if (checkLease.get(write.id, write.token) !== write.fence) {
        fenced.push(write.id);
        continue;
      }
      try {
        writeSession(write);
      } catch (error) {
        if (String(error && error.code).startsWith("SQLITE_CONSTRAINT")) conflicts.push(write.id);
        else throw error;
      }
    }
  }
  return { conflicts, fenced };
});

function drain() {
  if (queue.length === 0) return;
  const requests = queue.splice(0);
  const durable = requests.some((request) => request.durable);
  let outcome;
  try {
    if (durable) db.pragma("synchronous = FULL");
    try {
      outcome = commit.immediate(requests, durable);
    } finally {
      if (durable) db.pragma("synchronous = NORMAL");
    }
  } catch (error) {
    queue.unshift(...requests);
    Atomics.store(shared, 1, 1);
    Atomics.notify(shared, 0);
    parentPort.postMessage({
      type: "failed",
      error: { code: error && error.code, message: String((error && error.message) || error) },
    });
    if (!closing) {
      retryTimer = setTimeout(() => {
        retryTimer = undefined;
        drain();
      }, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 1000);
    }
    return;
  }
  retryDelay = 5;
  // Keyed by lease: the same session under a later lease of this journal is written again.
  for (const request of requests) {
    for (const write of request.sessions) {
      if (outcome.conflicts.includes(write.id) || outcome.fenced.includes(write.id)) conflicted.add(write.id + " " + write.fence);
    }
  }
  const upTo = requests[requests.length - 1].id;
  Atomics.store(shared, 1, 0);
  Atomics.store(shared, 0, upTo);
  Atomics.notify(shared, 0);
  parentPort.postMessage({ type: "committed", upTo, durable, conflicts: outcome.conflicts, fenced: outcome.fenced });
}

parentPort.on("message", (request) => {
  if (request.type === "close") {
    closing = true;
    if (retryTimer !== undefined) clearTimeout(retryTimer);
    retryTimer = undefined;
    drain();
    db.close();
    parentPort.postMessage({ type: "closed" });
    parentPort.close();
    return;
  }
  queue.push(request);
  if (retryTimer === undefined) drain();
});
`;
