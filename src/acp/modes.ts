import { SandboxMode } from "../core/index.js";
import type { SessionModeState } from "./acp-types.js";

const DESCRIPTIONS: Record<SandboxMode, { name: string; description: string }> = {
  "read-only": { name: "Read only", description: "Commands may read but change nothing" },
  "workspace-write": {
    name: "Workspace write",
    description: "Commands may change the workspace (and the session's temp dir) only",
  },
  "full-access": { name: "Full access", description: "Commands run without the sandbox" },
};

/** ACP modes are our sandbox modes, by the same id: what the editor's mode switch offers. */
export function modeStateOf(current: SandboxMode): SessionModeState {
  return {
    currentModeId: current,
    availableModes: SandboxMode.options.map((id) => ({ id, ...DESCRIPTIONS[id] })),
  };
}

/** The sandbox mode an ACP mode id names, or undefined when it names none. */
export function sandboxModeOf(modeId: string): SandboxMode | undefined {
  const parsed = SandboxMode.safeParse(modeId);
  return parsed.success ? parsed.data : undefined;
}
