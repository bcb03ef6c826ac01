import { InvalidAgentFileError } from "./errors/index.js";

/** A front-matter value: a scalar string, a list of strings, or inline JSON (objects, for `output_schema`). */
export type FrontMatterValue = string | number | boolean | readonly string[] | Record<string, unknown>;

/**
 * Splits `---\n<front matter>\n---\n<body>` and reads the front matter: the subset of YAML agent files use —
 * `key: value` scalars, inline `[a, b]` lists, block `- item` lists, and inline JSON objects. A tiny reader rather
 * than a YAML dependency, because a full YAML parser would be loaded by every `art exec` for six fields.
 */
export function parseFrontMatter(
  text: string,
  file: string,
): { fields: Record<string, FrontMatterValue>; body: string } {
  const normalised = text.replace(/^\uFEFF/, "").replace(/\r\n/g, "\n");
  if (!normalised.startsWith("---\n")) {
    throw new InvalidAgentFileError(
      file,
      "front matter",
      'is missing: the file must start with a "---" line',
    );
  }
  const end = normalised.indexOf("\n---", 3);
  if (end < 0) throw new InvalidAgentFileError(file, "front matter", 'is not closed by a "---" line');
  const head = normalised.slice(4, end + 1);
  const body = normalised.slice(end + 4).replace(/^[^\n]*\n?/, "");
  const fields: Record<string, FrontMatterValue> = {};
  let listKey: string | undefined;
  for (const raw of head.split("\n")) {
    const line = raw.replace(/\s+#.*$/, "");
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
    const item = /^\s+-\s+(.*)$/.exec(line) ?? /^-\s+(.*)$/.exec(line);
    if (item && listKey) {
      (fields[listKey] as string[]).push(unquote(item[1]!.trim()));
      continue;
    }
    const match = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(line);
    if (!match) throw new InvalidAgentFileError(file, line.trim(), "is not a `key: value` line");
    const key = match[1]!;
    const value = match[2]!.trim();
    if (key in fields) throw new InvalidAgentFileError(file, key, "is given twice");
    listKey = undefined;
    if (value === "") {
      fields[key] = [];
      listKey = key;
    } else fields[key] = scalar(value, file, key);
  }
  return { fields, body };
}

function scalar(value: string, file: string, key: string): FrontMatterValue {
  if (value.startsWith("{")) {
    try {
      return JSON.parse(value) as Record<string, unknown>;
    } catch {
      throw new InvalidAgentFileError(file, key, "is not valid inline JSON");
    }
  }
  if (value.startsWith("[")) {
    if (!value.endsWith("]")) throw new InvalidAgentFileError(file, key, 'is a list without its closing "]"');
    return value
      .slice(1, -1)
      .split(",")
      .map((part) => unquote(part.trim()))
      .filter((part) => part !== "");
  }
  if (value === "true" || value === "false") return value === "true";
  if (/^-?\d+$/.test(value)) return Number(value);
  return unquote(value);
}

function unquote(value: string): string {
  const q = value[0];
  if ((q === '"' || q === "'") && value.endsWith(q) && value.length >= 2) return value.slice(1, -1);
  return value;
}
