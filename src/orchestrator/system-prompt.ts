import os from "node:os";
import type { SessionSettings } from "../core/index.js";
import { loadAgentsMd } from "./agents-md.js";

/**
 * The coding agent's prompt: the default base of every definition's system prompt (`defineAgent({ prompt })`
 * replaces it; compose with it as `` `${CODING_PROMPT}\n\n...` `` to keep it).
 */
export const CODING_PROMPT = `You are a coding agent running in the user's workspace through Agent Runtime.
Work autonomously until the task is done, then reply with a short summary of what you changed and how you checked it.
- Inspect before you edit: list directories, read files, search with grep.
- Make focused edits with apply_patch (or write_file for new files); keep the project's style.
- Run the project's tests or build to check your work; fix what you broke.
- Commands run in a sandbox. If one fails because the sandbox blocked it, say so rather than working around it.
- Keep the plan current with update_plan for multi-step work.`;

/** The fixed part of a system prompt: a definition's base prompt, then its instructions. */
export function composeSystemPrompt(prompt: string, instructions?: string): string {
  return [prompt, instructions].filter((part) => part !== undefined && part.trim() !== "").join("\n\n");
}

/**
 * The system prompt for a turn: the session's fixed prompt (its journaled definition's `systemPrompt`; the coding
 * prompt when none is given), then the AGENTS.md files and the environment.
 */
export function buildSystemPrompt(options: {
  cwd: string;
  settings: SessionSettings;
  /** The whole fixed part of the prompt (see {@link composeSystemPrompt}); default {@link CODING_PROMPT}. */
  instructions?: string;
}): string {
  const parts = [options.instructions ?? CODING_PROMPT];
  for (const file of loadAgentsMd(options.cwd)) {
    parts.push(`<agents_md path="${file.path}">\n${file.content.trim()}\n</agents_md>`);
  }
  const { settings } = options;
  parts.push(
    [
      "<environment>",
      `cwd: ${options.cwd}`,
      `os: ${os.platform()} ${os.release()}`,
      "shell: bash",
      `date: ${new Date().toISOString().slice(0, 10)}`,
      `sandbox: ${settings.sandbox} (network ${settings.network})`,
      `approval: ${settings.approval}`,
      "</environment>",
    ].join("\n"),
  );
  return parts.join("\n\n");
}
