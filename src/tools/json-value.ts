/** Deeper than this, a value is refused: journaled values are read back by recursive decoders. */
const MAX_DEPTH = 64;

/**
 * What is wrong with `value` as a JSON value, or undefined when it is one: something `JSON.stringify` would store
 * differently from what the caller holds (a function, `undefined`, `NaN`, a `Date`, a class instance) or not at all
 * (a cycle, a `BigInt`). Checked before anything is journaled, so what is stored is exactly what was given, and a
 * bad value fails the one call that gave it instead of every later read of the session.
 */
export function jsonProblem(value: unknown, at = "(root)"): string | undefined {
  return walk(value, at, new Set(), 0);
}

function walk(value: unknown, at: string, ancestors: Set<object>, depth: number): string | undefined {
  if (value === null || typeof value === "string" || typeof value === "boolean") return undefined;
  if (typeof value === "number")
    return Number.isFinite(value) ? undefined : `${at} is ${value}, not a JSON number`;
  if (typeof value !== "object") return `${at} is a ${typeof value}, which JSON cannot hold`;
  if (depth >= MAX_DEPTH) return `${at} is nested deeper than ${MAX_DEPTH} levels`;
  if (ancestors.has(value)) return `${at} refers back to itself (a cycle)`;
  const prototype = Object.getPrototypeOf(value);
  const isArray = Array.isArray(value);
  if (!isArray && prototype !== Object.prototype && prototype !== null)
    return `${at} is a ${prototype?.constructor?.name ?? "class"} object, not a plain object or array`;
  ancestors.add(value);
  try {
    if (isArray) {
      for (let index = 0; index < value.length; index++) {
        const problem = walk(value[index], `${at}[${index}]`, ancestors, depth + 1);
        if (problem) return problem;
      }
      return undefined;
    }
    for (const [key, item] of Object.entries(value)) {
      const problem = walk(item, `${at}.${key}`, ancestors, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  } finally {
    ancestors.delete(value);
  }
}
