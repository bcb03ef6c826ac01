/**
 * Line-level reading of a TOML document's table headers, for edits that must keep every other byte (comments,
 * layout) as it was: smol-toml parses and prints, but drops comments. Every edit made with these is checked by
 * parsing the result (see `config-edit.ts`), so a header this reading gets wrong refuses the edit, never corrupts it.
 */

/** The dotted key of a `[table]` or `[[array]]` header line, unquoted; undefined for any other line. */
export function headerKey(line: string): string[] | undefined {
  const match = /^\s*\[{1,2}(.*?)\]{1,2}\s*(?:#.*)?$/.exec(line);
  if (!match?.[1]) return undefined;
  const parts: string[] = [];
  const text = match[1];
  let index = 0;
  while (index < text.length) {
    while (text[index] === " " || text[index] === "\t") index++;
    const quote = text[index];
    let part: string;
    if (quote === '"' || quote === "'") {
      let end = index + 1;
      while (end < text.length && text[end] !== quote) end += quote === '"' && text[end] === "\\" ? 2 : 1;
      const raw = text.slice(index, end + 1);
      part = quote === '"' ? (JSON.parse(raw) as string) : raw.slice(1, -1);
      index = end + 1;
    } else {
      const end = text.slice(index).search(/[\s.]/);
      part = end < 0 ? text.slice(index) : text.slice(index, index + end);
      index = end < 0 ? text.length : index + end;
    }
    parts.push(part);
    while (text[index] === " " || text[index] === "\t") index++;
    if (index < text.length && text[index] !== ".") return undefined;
    index++;
  }
  return parts;
}

function isComment(line: string): boolean {
  return /^\s*#/.test(line);
}

/**
 * `text` without the tables whose header key starts with `prefix` (the table, its sub-tables), each with the comment
 * lines right above its header (they describe it) and without those right above the next header (they describe that).
 */
export function withoutTables(text: string, prefix: readonly string[]): string {
  const lines = text.split("\n");
  const headers = lines.flatMap((line, index) => (headerKey(line) ? [index] : []));
  const drop = new Set<number>();
  headers.forEach((start, position) => {
    const key = headerKey(lines[start] as string) as string[];
    if (!prefix.every((part, index) => key[index] === part)) return;
    let end = headers[position + 1] ?? lines.length;
    while (end - 1 > start && isComment(lines[end - 1] as string)) end--;
    let first = start;
    while (first > 0 && isComment(lines[first - 1] as string) && !drop.has(first - 1)) first--;
    for (let index = first; index < end; index++) drop.add(index);
  });
  return lines.filter((_, index) => !drop.has(index)).join("\n");
}

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

/** A key as TOML writes it: bare when it can be, else a basic string. */
export function tomlKey(key: string): string {
  return BARE_KEY.test(key) ? key : JSON.stringify(key);
}

/**
 * A value as TOML: strings as basic strings (JSON's escapes are TOML's), arrays inline, records as inline tables.
 * Only the shapes an MCP server entry has.
 */
export function tomlValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map(tomlValue).join(", ")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value).map(([key, item]) => `${tomlKey(key)} = ${tomlValue(item)}`);
    return entries.length ? `{ ${entries.join(", ")} }` : "{}";
  }
  throw new TypeError(`no TOML form for ${typeof value}`);
}
