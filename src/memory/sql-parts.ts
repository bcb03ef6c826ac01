import { MemoryInputError } from "./errors/index.js";

/** Metadata values a filter can match: equality on a top-level key. */
export type MetadataValue = string | number | boolean | null;
/** Top-level metadata key → required value (all must match); an array means any of the values. */
export type MetadataFilter = Readonly<Record<string, MetadataValue | readonly MetadataValue[]>>;

const KEY = /^[A-Za-z0-9_-]{1,64}$/;

/** Builds a WHERE fragment over `chunks.metadata`; keys are validated, values always bound as parameters. */
export function filterSql(filter: MetadataFilter | undefined): { sql: string; params: unknown[] } {
  if (!filter) return { sql: "1", params: [] };
  const parts: string[] = [];
  const params: unknown[] = [];
  for (const [key, want] of Object.entries(filter)) {
    if (!KEY.test(key)) {
      throw new MemoryInputError(
        `Metadata filter key "${key}" is not valid.`,
        "Use letters, digits, _ or -.",
      );
    }
    const values = Array.isArray(want) ? want : [want];
    if (values.length === 0) {
      parts.push("0");
      continue;
    }
    const ors = values.map((value) => {
      if (value === null) return `json_type(c.metadata, '$.${key}') = 'null'`;
      params.push(typeof value === "boolean" ? (value ? 1 : 0) : value);
      return `json_extract(c.metadata, '$.${key}') = ?`;
    });
    parts.push(`(${ors.join(" OR ")})`);
  }
  return { sql: parts.length ? parts.join(" AND ") : "1", params };
}

/** Turns free text into an FTS5 query: every word quoted and OR-ed, so user punctuation never breaks the syntax. */
export function ftsQuery(text: string): string | undefined {
  const words = text.match(/[\p{L}\p{N}_]+/gu);
  if (!words) return undefined;
  return words.map((w) => `"${w}"`).join(" OR ");
}

/** Float32Array → the little-endian blob sqlite-vec reads. */
export function vectorBlob(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}
