/**
 * Expands `${VAR}` and `${VAR:-default}` as Claude Code does in `.mcp.json`. A variable that is unset and has no
 * default is reported (by name) rather than replaced by an empty string that would fail later and obscurely.
 */
export function expandVars(
  text: string,
  env: Record<string, string | undefined>,
  missing: Set<string>,
): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_match, name: string, fallback) => {
    const value = env[name];
    if (value !== undefined && value !== "") return value;
    if (fallback !== undefined) return fallback as string;
    missing.add(name);
    return "";
  });
}
