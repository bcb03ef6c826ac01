import type { Tool } from "./tool.js";

/**
 * The editor's view of files (ACP's `fs/read_text_file` and `fs/write_text_file`), offered by an editor that
 * drives the session: reads see its unsaved buffers, writes show up in it as edits. Paths are absolute.
 *
 * Only the transport changes: the file tools still prove every path against the session's sandbox policy first
 * (and the gate still judges and approves the call), and `apply_patch` still computes the whole result with the
 * patch engine before anything is written.
 *
 * @example
 * ```ts
 * const editor: EditorFiles = {
 *   readTextFile: (path) => connection.request("fs/read_text_file", { sessionId, path }).then((r) => r.content),
 *   writeTextFile: (path, content) => connection.request("fs/write_text_file", { sessionId, path, content }),
 * };
 * runtime.run(agent, task, { editorFiles: editor });
 * ```
 */
export interface EditorFiles {
  /** The file's text as the editor has it (its buffer when open, else the disk). */
  readTextFile(absolutePath: string): Promise<string>;
  /** Replaces (or creates) the file's text through the editor. */
  writeTextFile(absolutePath: string, content: string): Promise<void>;
}

/** The tool, with `editor` in every call's context (see `ToolContext.editor`). */
export function withEditorFiles(tool: Tool<unknown>, editor: EditorFiles): Tool<unknown> {
  return { ...tool, execute: (args, context) => tool.execute(args, { ...context, editor }) };
}
