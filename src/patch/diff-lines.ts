/** One step of an edit script: keep line `a` of the old text as line `b` of the new, remove `a`, or add `b`. */
export type LineEdit = { op: " "; a: number; b: number } | { op: "-"; a: number } | { op: "+"; b: number };

/**
 * A shortest edit script from `a` to `b` (Myers' O(ND) algorithm), after trimming the common prefix and suffix so
 * the search only covers the changed middle.
 */
export function diffLines(a: readonly string[], b: readonly string[]): LineEdit[] {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  ) {
    suffix++;
  }
  const edits: LineEdit[] = [];
  for (let i = 0; i < prefix; i++) edits.push({ op: " ", a: i, b: i });
  middle(a, b, prefix, a.length - suffix, prefix, b.length - suffix, edits);
  for (let k = suffix; k > 0; k--) edits.push({ op: " ", a: a.length - k, b: b.length - k });
  return edits;
}

function middle(
  a: readonly string[],
  b: readonly string[],
  aStart: number,
  aEnd: number,
  bStart: number,
  bEnd: number,
  edits: LineEdit[],
): void {
  const n = aEnd - aStart;
  const m = bEnd - bStart;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = max === 0;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number));
      let x = down ? (v[offset + k + 1] as number) : (v[offset + k - 1] as number) + 1;
      let y = x - k;
      while (x < n && y < m && a[aStart + x] === b[bStart + y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  // Walk the trace back from the end to recover the path.
  const reversed: LineEdit[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const previous = trace[d] as Int32Array;
    const k = x - y;
    const down =
      k === -d || (k !== d && (previous[offset + k - 1] as number) < (previous[offset + k + 1] as number));
    const previousK = down ? k + 1 : k - 1;
    const previousX = d === 0 ? 0 : (previous[offset + previousK] as number);
    const previousY = d === 0 ? 0 : previousX - previousK;
    while (x > previousX && y > previousY) {
      x--;
      y--;
      reversed.push({ op: " ", a: aStart + x, b: bStart + y });
    }
    if (d > 0) {
      if (down) reversed.push({ op: "+", b: bStart + --y });
      else reversed.push({ op: "-", a: aStart + --x });
    }
  }
  for (let i = reversed.length - 1; i >= 0; i--) edits.push(reversed[i] as LineEdit);
}
