/**
 * Replaces generated ids (interrupt ids, checkpoint ids, task ids) with placeholders numbered in order of
 * appearance, so two libraries' records can be compared whole.
 */
export function normalise(value: unknown): unknown {
  const ids = new Map<string, string>();
  const rename = (id: string) => {
    let name = ids.get(id);
    if (!name) {
      name = `<id${ids.size}>`;
      ids.set(id, name);
    }
    return name;
  };
  const walk = (item: unknown, key?: string): unknown => {
    if (Array.isArray(item)) return item.map((entry) => walk(entry));
    if (item && typeof item === "object") {
      const out: Record<string, unknown> = {};
      for (const [name, entry] of Object.entries(item)) out[name] = walk(entry, name);
      return out;
    }
    if (typeof item === "string" && (key === "id" || key === "checkpoint_id")) return rename(item);
    return item;
  };
  return walk(value);
}
