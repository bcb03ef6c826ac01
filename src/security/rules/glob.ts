/**
 * Glob matching for path rules. `**` spans directories, `*` and `?` stay inside one, `[...]` is a class. A
 * relative pattern without a `/` matches a name at any depth (like .gitignore); every pattern also matches
 * what lies below a directory it names.
 */
export function globToRegExp(glob: string): RegExp {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (char === "*") {
      if (glob[i + 1] === "*") {
        const slashAfter = glob[i + 2] === "/";
        source += slashAfter ? "(?:.*/)?" : ".*";
        i += slashAfter ? 2 : 1;
      } else source += "[^/]*";
    } else if (char === "?") source += "[^/]";
    else if (char === "[") {
      const end = glob.indexOf("]", i + 2);
      if (end < 0) source += "\\[";
      else {
        const body = glob
          .slice(i + 1, end)
          .replace(/^!/, "^")
          .replace(/\\/g, "\\\\");
        source += `[${body}]`;
        i = end;
      }
    } else source += char.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`^${source}(?:/.*)?$`);
}

const cache = new Map<string, RegExp>();

/** True when `candidate` (a path with `/` separators) matches `glob`. */
export function globMatches(glob: string, candidate: string): boolean {
  const anchored =
    glob.includes("/") && !glob.endsWith("/") ? glob : glob.includes("/") ? glob.slice(0, -1) : `**/${glob}`;
  let regexp = cache.get(anchored);
  if (!regexp) {
    regexp = globToRegExp(anchored.replace(/^\.\//, ""));
    cache.set(anchored, regexp);
  }
  return regexp.test(candidate);
}
