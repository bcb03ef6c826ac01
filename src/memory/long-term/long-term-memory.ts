import path from "node:path";
import { newId } from "../../core/index.js";
import type { Embedder } from "../embedder.js";
import type { MetadataValue } from "../sql-parts.js";
import { type Chunk, openVectorStore, type VectorStore } from "../vector-store.js";
import { InvalidMemoryError, MemoryNotFoundError, SecretInMemoryError } from "./errors.js";

/** Where a memory applies: this workspace only, or every workspace of this user. */
export type MemoryScope = "workspace" | "user";

/** Version of the metadata a memory carries (`v`); bump with a migration when its keys change. */
export const MEMORY_RECORD_VERSION = 1;
/** Longest memory text accepted, in characters: a memory is a fact, not a file. */
export const MAX_MEMORY_CHARS = 4000;

/** One long-term memory with its provenance. */
export interface MemoryRecord {
  id: string;
  text: string;
  scope: MemoryScope;
  /** The workspace it belongs to (absolute path); null for `user` memories. */
  workspace: string | null;
  /** The session and turn that remembered it; null when a person added or the CLI edited it. */
  sessionId: string | null;
  turnId: string | null;
  createdAt: number;
  updatedAt: number;
}

/** A recalled memory; `score` is the fused rank score (higher is more relevant). */
export interface RecalledMemory extends MemoryRecord {
  score: number;
}

/** What {@link LongTermMemory.remember} stores. */
export interface RememberInput {
  text: string;
  /** Default `workspace`. */
  scope?: MemoryScope;
  /** The workspace (absolute); required for `workspace` scope. */
  workspace?: string;
  sessionId?: string;
  turnId?: string;
}

/** Options for {@link LongTermMemory.open}. */
export interface LongTermMemoryOptions {
  /** `$ART_HOME`; memories live in `<artHome>/memory/long-term/`. */
  artHome: string;
  embedder: Embedder;
  /** The environment whose secret-looking variables' values are never stored (default `process.env`). */
  env?: NodeJS.ProcessEnv;
}

const KIND = "long-term";

function visibilityOf(scope: MemoryScope, workspace: string | null): string {
  return scope === "user" ? "user" : `workspace:${workspace}`;
}

function toRecord(chunk: Chunk): MemoryRecord {
  const m = chunk.metadata;
  const str = (value: MetadataValue | undefined) => (typeof value === "string" ? value : null);
  return {
    id: chunk.id,
    text: chunk.text,
    scope: m.scope === "user" ? "user" : "workspace",
    workspace: str(m.workspace),
    sessionId: str(m.session),
    turnId: str(m.turn),
    createdAt: chunk.createdAt,
    updatedAt: chunk.updatedAt,
  };
}

/**
 * The agent's long-term memory: short facts kept across sessions, each with its provenance (session, turn), in one
 * {@link VectorStore} under `$ART_HOME/memory/long-term/`. `workspace` memories are seen only from their workspace,
 * `user` memories from every one. Text holding a secret (see `findSecret`) is refused with
 * `memory.secret_refused`, on remember and on edit alike.
 *
 * @example
 * ```ts
 * const memory = await LongTermMemory.open({ artHome, embedder: defaultEmbedder() });
 * await memory.remember({ text: "Tests run with npx vitest", workspace: "/src/app", sessionId, turnId });
 * const hits = await memory.recall("how do I run the tests?", { workspace: "/src/app" });
 * memory.close();
 * ```
 */
export class LongTermMemory {
  private constructor(
    private readonly store: VectorStore,
    private readonly secretIn: (text: string) => string | undefined,
  ) {}

  /** Opens (creating) the store; fails with `memory.embedder_mismatch` when it was built by another embedder. */
  static async open(options: LongTermMemoryOptions): Promise<LongTermMemory> {
    const dir = path.join(options.artHome, "memory", "long-term");
    // The security module (and its redactor) loads only when memory is used.
    const [{ findSecret, redactorOf }, store] = await Promise.all([
      import("./secret-check.js"),
      openVectorStore(dir, { embedder: options.embedder }),
    ]);
    const redactor = redactorOf(options.env ?? process.env);
    return new LongTermMemory(store, (text) => findSecret(text, redactor));
  }

  /** Stores a memory and returns it. */
  async remember(input: RememberInput): Promise<MemoryRecord> {
    const scope = input.scope ?? "workspace";
    const text = this.checkText(input.text);
    if (scope !== "workspace" && scope !== "user")
      throw new InvalidMemoryError(`Scope "${String(scope)}" is not valid.`, 'Use "workspace" or "user".');
    const workspace = scope === "workspace" ? this.checkWorkspace(input.workspace) : null;
    const id = newId("mem_");
    await this.store.add([
      {
        id,
        text,
        metadata: {
          kind: KIND,
          v: MEMORY_RECORD_VERSION,
          scope,
          workspace,
          visibility: visibilityOf(scope, workspace),
          session: input.sessionId ?? null,
          turn: input.turnId ?? null,
        },
      },
    ]);
    return this.get(id)!;
  }

  /** The `k` (default 5) memories most relevant to `query` seen from `workspace`: its own and the user's. */
  async recall(
    query: string,
    options: { workspace?: string; k?: number; signal?: AbortSignal } = {},
  ): Promise<RecalledMemory[]> {
    const k = options.k ?? 5;
    if (!Number.isInteger(k) || k < 1 || k > 50)
      throw new InvalidMemoryError(
        `k must be a whole number from 1 to 50, not ${k}.`,
        "Ask for fewer memories.",
      );
    if (!query.trim()) throw new InvalidMemoryError("The query is empty.", "Say what to recall.");
    const visible = ["user", ...(options.workspace ? [visibilityOf("workspace", options.workspace)] : [])];
    const hits = await this.store.search(query, {
      limit: k,
      filter: { kind: KIND, visibility: visible },
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return hits.map((hit) => ({ ...toRecord(hit), score: hit.score }));
  }

  /** Memories, oldest first: all of them, or those of one scope and/or one workspace. */
  list(options: { scope?: MemoryScope; workspace?: string } = {}): MemoryRecord[] {
    return this.store
      .list({
        filter: {
          kind: KIND,
          ...(options.scope ? { scope: options.scope } : {}),
          ...(options.workspace ? { workspace: options.workspace } : {}),
        },
      })
      .map(toRecord);
  }

  /** One memory, or undefined. */
  get(id: string): MemoryRecord | undefined {
    const chunk = this.store.get(id);
    return chunk && chunk.metadata.kind === KIND ? toRecord(chunk) : undefined;
  }

  /** Deletes a memory; `memory.not_found` when there is none with that id. */
  forget(id: string): void {
    if (!this.get(id) || this.store.delete([id]) === 0) throw new MemoryNotFoundError(id);
  }

  /** Replaces a memory's text, keeping its scope and provenance. */
  async edit(id: string, text: string): Promise<MemoryRecord> {
    const current = this.store.get(id);
    if (!current || current.metadata.kind !== KIND) throw new MemoryNotFoundError(id);
    await this.store.update(id, { text: this.checkText(text) });
    return this.get(id)!;
  }

  /** Closes the store. */
  close(): void {
    this.store.close();
  }

  private checkText(text: string): string {
    const trimmed = typeof text === "string" ? text.trim() : "";
    if (!trimmed) throw new InvalidMemoryError("The memory is empty.", "Say what to remember.");
    if (trimmed.length > MAX_MEMORY_CHARS)
      throw new InvalidMemoryError(
        `The memory is ${trimmed.length} characters; at most ${MAX_MEMORY_CHARS} are kept.`,
        "Remember the fact in a sentence or two, not a whole file.",
      );
    const secret = this.secretIn(trimmed);
    if (secret) throw new SecretInMemoryError(secret);
    return trimmed;
  }

  private checkWorkspace(workspace: string | undefined): string {
    if (!workspace || !path.isAbsolute(workspace))
      throw new InvalidMemoryError(
        "A workspace memory needs the workspace's absolute path.",
        'Pass workspace, or use scope "user".',
      );
    return path.resolve(workspace);
  }
}
