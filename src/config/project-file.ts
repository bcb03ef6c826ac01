import { lstatSync, realpathSync } from "node:fs";
import path from "node:path";

/** A project-layer file as found, or why it is not used. */
export type ProjectFile =
  | { kind: "absent" }
  | { kind: "file"; path: string }
  | { kind: "ignored"; path: string; why: string };

function within(parent: string, child: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);
}

/**
 * Finds `<root>/<relative>` (e.g. `.art/config.toml`) for reading as a project layer. A file that is, or lies
 * below, a symlink leading out of the project is ignored: its content would come from somewhere the project's
 * trust does not cover (another project's trusted config, a file another user controls).
 */
export function findProjectFile(root: string, relative: string): ProjectFile {
  const file = path.join(root, relative);
  if (!lstatSync(file, { throwIfNoEntry: false })) return { kind: "absent" };
  let real: string;
  try {
    real = realpathSync(file);
  } catch {
    return { kind: "ignored", path: file, why: "it is a symlink whose target does not exist" };
  }
  if (!within(realpathSync(root), real))
    return { kind: "ignored", path: file, why: `it is a symlink to ${real}, outside the project` };
  return { kind: "file", path: file };
}
