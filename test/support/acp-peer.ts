import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Readable, Writable } from "node:stream";
import * as acp from "@agentclientprotocol/sdk";
import { afterEach } from "vitest";
import { ART_BIN, REPO_ROOT } from "./run-art.js";

/**
 * How the test's editor answers `session/request_permission`: an option id, `cancelled`, or `hold` (no answer until
 * the agent withdraws the question with `$/cancel_request`; then `cancelled`, as the protocol asks).
 */
export type PermissionAnswer = string | "cancelled" | "hold";

/**
 * `art acp` as a real child process, driven by the ACP SDK's own client (the protocol's reference implementation),
 * over the child's stdin and stdout. It records every `session/update` and every permission request it got.
 */
export interface AcpPeer {
  child: ChildProcessWithoutNullStreams;
  agent: acp.ClientConnection["agent"];
  updates: acp.SessionNotification[];
  permissions: acp.RequestPermissionRequest[];
  /** What the next permission requests are answered with, in order (then: reject). */
  answers: PermissionAnswer[];
  stderr(): string;
  /** Resolves when the first permission request has arrived. */
  waitForPermission(): Promise<void>;
  /** Resolves true once a held question was withdrawn by the agent. */
  withdrawn: Promise<boolean>;
  /** Resolves once `check` holds over the updates so far (checked at each update). */
  waitForUpdate(check: (updates: acp.SessionNotification[]) => boolean): Promise<void>;
  /** Closes stdin (the editor went away) and waits for the process to exit; resolves with its exit code. */
  close(): Promise<number | null>;
}

/**
 * An editor's buffers, for a peer that offers `fs/*`: reads return a buffer's text when the file has one (an
 * unsaved edit) and the disk's otherwise; writes land in the buffer only (as an editor's unsaved edit would), so
 * a test can tell them from writes our tools made to the disk. Every request is recorded.
 */
export interface EditorBuffers {
  buffers: Map<string, string>;
  reads: string[];
  writes: Array<{ path: string; content: string }>;
}

/** Starts `art acp` with `args` and connects to it (answering `fs/*` from `editor` when given). */
export function startAcpPeer(args: string[], env: NodeJS.ProcessEnv, editor?: EditorBuffers): AcpPeer {
  const child = spawn(process.execPath, [ART_BIN, "acp", ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
  const updates: acp.SessionNotification[] = [];
  const permissions: acp.RequestPermissionRequest[] = [];
  const answers: PermissionAnswer[] = [];
  const watchers = new Set<() => void>();
  let asked: () => void = () => {};
  const firstAsked = new Promise<void>((resolve) => {
    asked = resolve;
  });
  let withdraw: (value: boolean) => void = () => {};
  const withdrawn = new Promise<boolean>((resolve) => {
    withdraw = resolve;
  });
  const base = acp.client({ name: "art-test-editor" });
  const app = (
    editor
      ? base
          .onRequest(acp.methods.client.fs.readTextFile, async ({ params }) => {
            editor.reads.push(params.path);
            return { content: editor.buffers.get(params.path) ?? readFileSync(params.path, "utf8") };
          })
          .onRequest(acp.methods.client.fs.writeTextFile, async ({ params }) => {
            editor.writes.push({ path: params.path, content: params.content });
            editor.buffers.set(params.path, params.content);
            return {};
          })
      : base
  )
    .onRequest(acp.methods.client.session.requestPermission, async ({ params, signal }) => {
      permissions.push(params);
      asked();
      const answer = answers.shift() ?? "deny";
      if (answer === "hold") {
        await new Promise<void>((resolve) =>
          signal.addEventListener("abort", () => resolve(), { once: true }),
        );
        withdraw(true);
        return { outcome: { outcome: "cancelled" } };
      }
      return answer === "cancelled"
        ? { outcome: { outcome: "cancelled" } }
        : { outcome: { outcome: "selected", optionId: answer } };
    })
    .onNotification(acp.methods.client.session.update, ({ params }) => {
      updates.push(params);
      for (const watcher of watchers) watcher();
    });
  const connection = app.connect(
    acp.ndJsonStream(
      Writable.toWeb(child.stdin) as WritableStream<Uint8Array>,
      Readable.toWeb(child.stdout) as ReadableStream<Uint8Array>,
    ),
  );
  return {
    child,
    agent: connection.agent,
    updates,
    permissions,
    answers,
    stderr: () => stderr,
    waitForPermission: () => firstAsked,
    withdrawn,
    waitForUpdate(check) {
      if (check(updates)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const watcher = () => {
          if (!check(updates)) return;
          watchers.delete(watcher);
          resolve();
        };
        watchers.add(watcher);
        exited.then(() => reject(new Error(`art acp exited while waiting\nstderr: ${stderr}`)));
      });
    },
    async close() {
      child.stdin.end();
      return exited;
    },
  };
}

/** The `session/update`s of one kind, for one session. */
export function updatesOfKind<K extends acp.SessionUpdate["sessionUpdate"]>(
  updates: readonly acp.SessionNotification[],
  kind: K,
  sessionId?: string,
): Extract<acp.SessionUpdate, { sessionUpdate: K }>[] {
  return updates
    .filter((note) => note.update.sessionUpdate === kind && (!sessionId || note.sessionId === sessionId))
    .map((note) => note.update as Extract<acp.SessionUpdate, { sessionUpdate: K }>);
}

/** The agent's streamed message text of a session, joined. */
export function agentText(updates: readonly acp.SessionNotification[], sessionId: string): string {
  return updatesOfKind(updates, "agent_message_chunk", sessionId)
    .map((update) => (update.content.type === "text" ? update.content.text : ""))
    .join("");
}

/** A `scripted:` model spec for `responses`, written to `dir`. */
export function script(dir: string, responses: unknown[]): string {
  const file = path.join(dir, "script.json");
  writeFileSync(file, JSON.stringify({ responses }));
  return `scripted:${file}`;
}

/** Starts peers for one test file; each is closed after its test. */
export function acpPeers(): (
  args: string[],
  home: string,
  env?: NodeJS.ProcessEnv,
  editor?: EditorBuffers,
) => AcpPeer {
  const peers: AcpPeer[] = [];
  afterEach(async () => {
    for (const started of peers.splice(0)) await started.close();
  });
  return (args, home, env = {}, editor) => {
    const started = startAcpPeer(args, { ART_HOME: home, HOME: home, ...env }, editor);
    peers.push(started);
    return started;
  };
}

/** `initialize` as an editor without fs/terminal capabilities sends it. */
export async function initialized(started: AcpPeer): Promise<acp.InitializeResponse> {
  return started.agent.request(acp.methods.agent.initialize, {
    protocolVersion: acp.PROTOCOL_VERSION,
    clientCapabilities: {},
  });
}

/** Waits until a process whose command line holds `sleep <marker>` is (or is no longer) running. */
export async function waitForProcess(marker: string, running: boolean): Promise<void> {
  for (;;) {
    const found = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" })
      .split("\n")
      .some((line) => line.includes(`sleep ${marker}`));
    if (found === running) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export { acp };
