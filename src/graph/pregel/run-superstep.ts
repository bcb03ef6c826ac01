import type { Checkpoint, PendingWrite } from "../checkpoint/index.js";
import type { NodeConfig } from "../config.js";
import { START } from "../constants.js";
import type { TaskScratchpad } from "../interrupt.js";
import { executeTask, type TaskOutcome } from "./execute-task.js";
import type { Task, Values } from "./plan.js";
import type { Persistence, RunRequest } from "./run-loop.js";
import { NODE_RUNTIME } from "./stream-sink.js";

type ResultWrite = Extract<PendingWrite, { kind: "result" }>;

/** What one superstep needs. */
export interface SuperstepRequest {
  request: RunRequest;
  tasks: Task[];
  values: Values;
  checkpoint: Checkpoint;
  /** Writes already saved against `checkpoint` (a resumed superstep). */
  pending: PendingWrite[];
  /** Resume answers given by this invocation, by task id. */
  newAnswers: Map<string, unknown>;
  signal: AbortSignal;
  persistence: Persistence;
}

/**
 * Runs a superstep's tasks concurrently. A task whose result was saved before (the superstep was cut short) is not
 * run again; each finished task's writes are saved as soon as it finishes.
 */
export function runSuperstep(step: SuperstepRequest): Promise<TaskOutcome[]> {
  const { tasks } = step;
  const index = step.pending.length === 0 ? NOTHING_PENDING : indexPending(step.pending);
  if (tasks.length === 1) return runOne(step, tasks[0]!, index).then((outcome) => [outcome]);
  return Promise.all(tasks.map((task) => runOne(step, task, index)));
}

interface PendingIndex {
  done: Map<string, ResultWrite>;
  answers: Map<string, unknown[]>;
}

const NOTHING_PENDING: PendingIndex = { done: new Map(), answers: new Map() };

function indexPending(pending: PendingWrite[]): PendingIndex {
  const done = new Map<string, ResultWrite>();
  const answers = new Map<string, unknown[]>();
  for (const write of pending) {
    if (write.kind === "result") done.set(write.taskId, write);
    else if (write.kind === "resume") answers.set(write.taskId, write.values);
  }
  return { done, answers };
}

async function runOne(step: SuperstepRequest, task: Task, index: PendingIndex): Promise<TaskOutcome> {
  const { request, checkpoint, persistence } = step;
  const { sink, spec } = request;
  const stepNumber = checkpoint.step + 1;
  const reused = index.done.get(task.id);
  if (reused) {
    if (task.name !== START) sink.updates?.({ [task.name]: reused.output });
    return { kind: "result", write: reused };
  }
  const previous = index.answers.get(task.id);
  const resume = previous ? [...previous] : [];
  let newResume: { value: unknown } | undefined;
  if (step.newAnswers.has(task.id)) {
    newResume = { value: step.newAnswers.get(task.id) };
    resume.push(newResume.value);
    await persistence.write(checkpoint.id, {
      taskId: task.id,
      kind: "resume",
      node: task.name,
      values: resume,
    });
  }
  const scratchpad: TaskScratchpad = { taskId: task.id, resume, calls: 0, newResume };
  const config = nodeConfig(step, task, stepNumber, scratchpad);
  if (task.name !== START)
    sink.debug?.({
      type: "task",
      step: stepNumber,
      timestamp: new Date().toISOString(),
      payload: {
        id: task.id,
        name: task.name,
        input: task.input,
        triggers: [`branch:to:${task.name}`],
        interrupts: [],
        metadata: {},
      },
    });
  const outcome = await executeTask(spec, task, step.values, config, scratchpad);
  let saved: void | Promise<void> | undefined;
  if (outcome.kind === "result") {
    saved = persistence.write(checkpoint.id, outcome.write);
    if (task.name !== START) {
      sink.updates?.({ [task.name]: outcome.write.output });
      sink.debug?.({
        type: "task_result",
        step: stepNumber,
        timestamp: new Date().toISOString(),
        payload: { id: task.id, name: task.name, result: outcome.write.output, interrupts: [], error: null },
      });
    }
  } else if (outcome.kind === "interrupt") saved = persistence.write(checkpoint.id, outcome.write);
  else if (outcome.kind === "error") {
    const error = outcome.error instanceof Error ? outcome.error : new Error(String(outcome.error));
    saved = persistence.write(checkpoint.id, {
      taskId: task.id,
      kind: "error",
      node: task.name,
      error: { name: error.name, message: error.message },
    });
  }
  if (saved) await saved;
  return outcome;
}

// The config keys every node config has; others the caller passed (tags, callbacks, …) are copied as they are.
const OWN_KEYS = new Set(["configurable", "recursionLimit", "signal", "writer", "metadata"]);

function nodeConfig(
  step: SuperstepRequest,
  task: Task,
  stepNumber: number,
  scratchpad: TaskScratchpad,
): NodeConfig {
  const { config, sink, saver } = step.request;
  const configurable = config.configurable;
  // Built field by field: spreading a config that holds an AbortSignal costs microseconds per node.
  const result = {
    configurable,
    recursionLimit: config.recursionLimit,
    signal: step.signal,
    writer: sink.custom ?? noWriter,
    metadata:
      configurable?.thread_id !== undefined
        ? {
            ...config.metadata,
            langgraph_node: task.name,
            langgraph_step: stepNumber,
            thread_id: configurable.thread_id,
          }
        : { ...config.metadata, langgraph_node: task.name, langgraph_step: stepNumber },
    [NODE_RUNTIME]: { scratchpad, saver, sink },
  } as NodeConfig;
  for (const key in config) if (!OWN_KEYS.has(key)) (result as Record<string, unknown>)[key] = config[key];
  return result;
}

function noWriter(): void {}
