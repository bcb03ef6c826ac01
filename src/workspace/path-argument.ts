import { lstatSync } from "node:fs";
import path from "node:path";
import { decodeEscapes, hasEscapes } from "./escaped-name.js";
import { resolveInWorkspace } from "./resolve-path.js";

/** A path argument of a file tool, resolved against the workspace, as the bytes the kernel will see. */
export interface PathArgument {
  /** Workspace-relative, `/`-separated, as the model wrote it (`.` for the root). */
  relative: string;
  /** The components below the root, as bytes (empty for the root itself). */
  components: Buffer[];
}

/**
 * Resolves `given` lexically inside `root` (`..` never reaches the kernel) and turns it into bytes. A path that
 * uses the `\xHH` escapes of `displayName` and does not exist literally names the file with those bytes.
 */
export function pathArgument(root: string, given: string): PathArgument {
  const { absolute, relative } = resolveInWorkspace(root, given);
  if (relative === ".") return { relative, components: [] };
  const literal = Buffer.from(relative, "utf8");
  const bytes =
    hasEscapes(relative) && !lstatSync(absolute, { throwIfNoEntry: false })
      ? decodeEscapes(relative)
      : literal;
  const components: Buffer[] = [];
  let start = 0;
  for (let index = 0; index <= bytes.length; index++) {
    if (index === bytes.length || bytes[index] === 0x2f) {
      if (index > start) components.push(bytes.subarray(start, index));
      start = index + 1;
    }
  }
  return { relative, components };
}

/** `base` joined with byte components. */
export function joinBytes(base: string, components: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [Buffer.from(base === path.sep ? "" : base)];
  for (const component of components) parts.push(Buffer.from("/"), component);
  return Buffer.concat(parts);
}
