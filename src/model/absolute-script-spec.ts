import path from "node:path";

/**
 * A `scripted:<file>` spec with its file made absolute against `cwd` (default the process's cwd, where
 * `createModelClient` would read a relative path); any other spec unchanged. Sessions store this form, so a resume
 * from another directory reads the same script.
 */
export function absoluteScriptSpec(spec: string, cwd: string = process.cwd()): string {
  if (!spec.startsWith("scripted:")) return spec;
  const file = spec.slice("scripted:".length).trim();
  return file.length === 0 ? spec : `scripted:${path.resolve(cwd, file)}`;
}
