/** One piece of a file to index: a definition (with its symbol) or a window of lines. Lines are 1-based, inclusive. */
export interface FileChunk {
  startLine: number;
  endLine: number;
  /** `Class.method`, `Type::fn`, … for definitions; absent for line windows. */
  symbol?: string;
  /** The node kind in words: `function`, `class`, `method`, `type`, …, or `lines`. */
  kind: string;
  text: string;
}
