import { forkBombVerdict, pipeToShellVerdict } from "../builtin/dangerous.js";
import { strictest, type Verdict } from "../decision.js";
import { extractCommands } from "../shell/extract.js";
import { invisibleCharacterProblem } from "../shell/unicode.js";
import type { ParsedCommand } from "../types.js";
import type { JudgeEnv } from "./judge-env.js";
import { judgePart } from "./judge-part.js";
import { type Analysed, analyse } from "./unwrap.js";

function pipelineVerdicts(parts: Analysed[]): Verdict[] {
  const pipelines = new Map<number, string[][]>();
  for (const part of parts) {
    if (!part.pipeline) continue;
    const stages = pipelines.get(part.pipeline.id) ?? [];
    stages[part.pipeline.index] = part.words.map((word) => word.value);
    pipelines.set(part.pipeline.id, stages);
  }
  return [...pipelines.values()].flatMap((stages) => pipeToShellVerdict(stages.filter(Boolean)) ?? []);
}

/**
 * Judges a whole script: every simple command on its own (`a && b | c; d` is four parts), plus what only the
 * whole shows (a download piped into a shell, a fork bomb, invisible characters, syntax errors). The strictest
 * verdict wins; with several parts, the reason names the part that decided.
 */
export function judgeScript(
  script: string,
  cwd: string,
  env: JudgeEnv,
): { verdict: Verdict; parts: ParsedCommand[] } {
  if (!env.parser) throw new Error("judgeScript needs the bash parser");
  const whole: Verdict[] = [];
  const invisible = invisibleCharacterProblem(script);
  if (invisible) whole.push({ decision: "ask", reason: invisible, rule: "builtin:cannot-analyse" });
  const bomb = forkBombVerdict(script);
  if (bomb) whole.push(bomb);
  const extracted = extractCommands(env.parser, script, { cwd, home: env.home });
  for (const problem of extracted.problems)
    whole.push({ decision: "ask", reason: problem, rule: "builtin:cannot-analyse" });
  const analysed = extracted.commands.flatMap((raw) => analyse(raw, { parser: env.parser!, home: env.home }));
  whole.push(...pipelineVerdicts(analysed));
  const parts = analysed.map((part) => judgePart(part, env));
  const several = parts.length > 1;
  const partVerdicts = parts.map((part) => ({
    decision: part.decision,
    reason: several
      ? `${JSON.stringify(part.text.length > 80 ? `${part.text.slice(0, 77)}...` : part.text)}: ${part.reason}`
      : part.reason,
    ...(part.rule ? { rule: part.rule } : {}),
  }));
  const verdict = strictest([...whole, ...partVerdicts]) ?? {
    decision: "allow",
    reason: "the script runs no command",
    rule: "builtin:empty",
  };
  return { verdict, parts };
}
