import { InvalidInputError } from "../core/index.js";

/**
 * A path filter from a glob: `**` spans folders, `*` and `?` stay within one, `{a,b}` picks one. A glob without `/`
 * matches the file name at any depth (`*.py`), like `grep`'s glob; one with `/` matches the whole relative path.
 *
 * @example
 * ```ts
 * pathGlob("src/**\/*.ts")("src/a/b.ts"); // true
 * ```
 */
export function pathGlob(glob: string): (relativePath: string) => boolean {
  let body = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === "*" && glob[i + 1] === "*") {
      const slash = glob[i + 2] === "/";
      body += slash ? "(?:.*/)?" : ".*";
      i += slash ? 2 : 1;
    } else if (c === "*") body += "[^/]*";
    else if (c === "?") body += "[^/]";
    else if (c === "{") body += "(?:";
    else if (c === "}") body += ")";
    else if (c === "," && body.includes("(?:")) body += "|";
    else body += c.replace(/[.+^$()|[\]\\]/g, "\\$&");
  }
  let regex: RegExp;
  try {
    regex = new RegExp(glob.includes("/") ? `^${body}$` : `(?:^|/)${body}$`);
  } catch (error) {
    throw new InvalidInputError(`The path glob "${glob}" is not valid.`, {
      hint: "Use *, ** and ? wildcards and balanced {a,b} braces, e.g. src/**/*.ts.",
      cause: error,
    });
  }
  return (relativePath) => regex.test(relativePath);
}
