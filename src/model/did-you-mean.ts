/** Names people type for a provider that is spelled differently here. */
const ALIASES: Record<string, string> = {
  claude: "anthropic",
  gpt: "openai",
  chatgpt: "openai",
  ollama: "openai-compatible",
  vllm: "openai-compatible",
  lmstudio: "openai-compatible",
  "llama.cpp": "openai-compatible",
  compatible: "openai-compatible",
  script: "scripted",
};

/**
 * The known name `given` most likely meant: an alias, the same name in another case, the one known name it is
 * the start of, or the nearest by edit distance when it is close enough to be a typo (at most a third of the name, and never more than 3 edits).
 */
export function didYouMean(given: string, known: readonly string[]): string | undefined {
  const lower = given.toLowerCase();
  if (known.includes(lower)) return lower;
  if (ALIASES[lower] !== undefined && known.includes(ALIASES[lower])) return ALIASES[lower];
  // A cut-short name ("openai-compat") that starts exactly one known name.
  const extended = known.filter((name) => lower.length >= 4 && name.startsWith(lower));
  if (extended.length === 1) return extended[0];
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(lower, name);
    if (best === undefined || distance < best.distance) best = { name, distance };
  }
  if (best === undefined) return undefined;
  const allowed = Math.min(3, Math.max(1, Math.floor(best.name.length / 3)));
  return best.distance <= allowed ? best.name : undefined;
}

/** Levenshtein distance (insertions, deletions, substitutions), one row at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}
