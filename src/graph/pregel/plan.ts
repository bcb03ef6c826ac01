import type { Checkpoint } from "../checkpoint/index.js";
import { START } from "../constants.js";
import type { GraphSpec } from "./graph-spec.js";
import { taskId } from "./task-id.js";

/** One node execution planned for a superstep. */
export interface Task {
  id: string;
  name: string;
  /** `pull:<node>` for a triggered node, `push:<index>` for a `Send`. */
  path: string;
  /** The state (pull) or the `Send`'s argument (push); for START, the run's input. */
  input: unknown;
  /** Join barriers whose completion triggered this task (reset when it runs). */
  consumedJoins: string[];
}

/** The state values of the keys that hold one. */
export type Values = Record<string, unknown>;

/**
 * The tasks of the superstep after `checkpoint`: triggered nodes (see the order below), then `Send`s in the order
 * they were sent.
 */
export function planTasks(spec: GraphSpec, checkpoint: Checkpoint, values: Values, inRun = false): Task[] {
  const consumed = new Map<string, string[]>();
  for (const [name, join] of spec.joins) {
    const seen = checkpoint.barriers[name];
    if (seen && join.sources.every((source) => seen.includes(source))) {
      const list = consumed.get(join.target) ?? [];
      list.push(name);
      consumed.set(join.target, list);
    }
  }
  // LangGraph's order: by name right after a superstep, in the order the nodes were added when read from a
  // saved checkpoint. It decides `next` and the order tasks start in (writes are applied in name order anyway).
  const triggered = new Set(checkpoint.triggers);
  for (const target of consumed.keys()) triggered.add(target);
  const tasks: Task[] = [];
  const order = inRun ? [...triggered].sort() : [...spec.nodes.keys()].filter((name) => triggered.has(name));
  for (const name of order) {
    const path = `pull:${name}`;
    tasks.push({
      id: taskId(checkpoint.id, path),
      name,
      path,
      input: name === START ? checkpoint.input : values,
      consumedJoins: consumed.get(name) ?? [],
    });
  }
  checkpoint.sends.forEach((send, index) => {
    const path = `push:${index}`;
    tasks.push({
      id: taskId(checkpoint.id, path),
      name: send.node,
      path,
      input: send.args,
      consumedJoins: [],
    });
  });
  return tasks;
}

/** The order in which a superstep's writes reach the reducers: triggered nodes by name, then `Send`s in order. */
export function writeOrder(tasks: Task[]): Task[] {
  const pulls = tasks
    .filter((task) => task.path.startsWith("pull:"))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const pushes = tasks.filter((task) => task.path.startsWith("push:"));
  return [...pulls, ...pushes];
}

/** LangGraph's spelling of a task path, for `getState().tasks`. */
export function publicPath(path: string): [string, string | number] {
  const [kind, rest] = path.split(":", 2) as [string, string];
  return kind === "push" ? ["__pregel_push", Number(rest)] : ["__pregel_pull", rest];
}
