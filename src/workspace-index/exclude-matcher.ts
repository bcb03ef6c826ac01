/** Turns one gitignore-style name pattern (`*` and `?` only, no `/`) into a RegExp for a whole path component. */
function componentRegex(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, "[^/]*")
    .replace(/\?/g, "[^/]");
  return new RegExp(`^${body}$`);
}

/**
 * A matcher for the checkpoint exclude list (`node_modules/`, `*.pyc`, `.yarn/cache/`): a pattern ending in `/`
 * names folders at any depth, one without names files (or folders) at any depth. Applied to tracked files as well,
 * since `git ls-files --exclude-standard` only filters untracked ones and a committed `dist/` is still build output.
 *
 * @example
 * ```ts
 * excludeMatcher(["node_modules/", "*.pyc"])("a/node_modules/x.js"); // true
 * ```
 */
export function excludeMatcher(patterns: readonly string[]): (relativePath: string) => boolean {
  const rules = patterns.map((raw) => {
    const directory = raw.endsWith("/");
    const parts = raw
      .replace(/^\/+|\/+$/g, "")
      .split("/")
      .map(componentRegex);
    return { directory, parts };
  });
  return (relativePath) => {
    const components = relativePath.split("/");
    for (const { directory, parts } of rules) {
      // A folder pattern may not match the file name itself; a name pattern may match any component.
      const last = directory ? components.length - 1 : components.length;
      for (let at = 0; at + parts.length <= last; at++) {
        if (parts.every((part, offset) => part.test(components[at + offset] as string))) return true;
      }
    }
    return false;
  };
}
