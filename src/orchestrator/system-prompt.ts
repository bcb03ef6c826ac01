import os from "node:os";
import type { SessionSettings } from "../core/index.js";
import { loadAgentsMd } from "./agents-md.js";

const BASE_INSTRUCTIONS = `You are a coding agent running in the user's workspace through Agent Runtime.
Work autonomously until the task is done, then reply with a short summary of what you changed and how you checked it.
- Inspect before you edit: list directories, read files, search with grep.
- Make focused edits with apply_patch (or write_file for new files); keep the project's style.
- Run the project's tests or build to check your work; fix what you broke.
- Commands run in a sandbox. If one fails because the sandbox blocked it, say so rather than working around it.
- Keep the plan current with update_plan for multi-step work.`;

/** The system prompt for a turn: our instructions, the session's extra ones, AGENTS.md files and the environment. */
export function buildSystemPrompt(options: {
  cwd: string;
  settings: SessionSettings;
  instructions?: string;
}): string {
  const parts = [BASE_INSTRUCTIONS];
  if (options.instructions) parts.push(options.instructions);
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
