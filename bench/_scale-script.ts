// The conversation every system in `bench/scale.ts` runs: five model steps, the first four calling a tool (in art,
// steps 1 and 3 run `true` through the sandboxed `shell`, steps 2 and 4 a function tool), the fifth answering.
// The latency model is the mock server's: first token after FIRST_TOKEN_MS, then TOKENS_PER_SECOND.

export const FIRST_TOKEN_MS = 300;
export const TOKENS_PER_SECOND = 100;

const SAY = [
  "I will look at the layout of the repository first, then run the checks.",
  "The layout is clear; now I read the notes that describe the build steps.",
  "The notes say the build is quick, so I run the checks one more time now.",
  "The checks pass; one last look at the notes before I write the summary.",
  "All done: the checks pass and the notes agree with what the build does today.",
];

/** One scripted step: what the model says and the tool it calls (none in the last). */
export interface ScaleStep {
  text: string;
  tool?: { name: "shell" | "lookup"; arguments: Record<string, unknown> };
}

/** Art's steps: `shell` at steps 1 and 3 (index 0 and 2), `lookup` at 2 and 4. */
export const ART_STEPS: ScaleStep[] = SAY.map((text, i) =>
  i === 4
    ? { text }
    : i % 2 === 0
      ? { text, tool: { name: "shell", arguments: { command: "true" } } }
      : { text, tool: { name: "lookup", arguments: { key: `note-${i}` } } },
);

/** The peers' steps: the same texts, `lookup` at every tool step (no commands). */
export const PEER_STEPS: ScaleStep[] = SAY.map((text, i) =>
  i === 4 ? { text } : { text, tool: { name: "lookup", arguments: { key: `note-${i}` } } },
);

/** Output tokens of a step as the mock server counts them (four characters per token, text and call). */
export function outputTokens(step: ScaleStep): number {
  const call = step.tool ? step.tool.name + JSON.stringify(step.tool.arguments) : "";
  return Math.ceil((step.text.length + call.length) / 4);
}

/** How long the model takes for a step under the latency model. */
export function stepLatencyMs(step: ScaleStep): number {
  return FIRST_TOKEN_MS + (outputTokens(step) / TOKENS_PER_SECOND) * 1000;
}

/** A session's model-bound time: its steps back to back. */
export function sessionModelMs(steps: ScaleStep[]): number {
  return steps.reduce((sum, step) => sum + stepLatencyMs(step), 0);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What every child prints as its last stdout line. */
export interface PeerResult {
  wall_ms: number;
  peak_rss_mb: number;
  completed: number;
}

export function peakRssMb(): number {
  return Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;
}
