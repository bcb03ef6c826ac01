// A LangGraph-style graph whose first node is a full agent session (sandbox, exec policy, approvals, checkpoints):
// it fixes the bundled buggy calculator with the bundled scripted model, then a plain node checks what changed.
//
//   cp -r examples/buggy-calculator /tmp/calc
//   art graph run examples/graph/fix-and-check.mjs --input '{"task": "Fix the failing test", "workspace": "/tmp/calc"}'
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Annotation, agentNode, END, START, StateGraph } from "agent-runtime/graph";

const here = path.dirname(fileURLToPath(import.meta.url));
const script = path.join(here, "..", "scripts", "buggy-calculator.json");

const State = Annotation.Root({
  task: Annotation(),
  workspace: Annotation(),
  result: Annotation(),
  files: Annotation(),
  verdict: Annotation(),
});

export const graph = new StateGraph(State)
  .addNode(
    "fix",
    agentNode(
      { model: process.env.ART_EXAMPLE_MODEL ?? `scripted:${script}` },
      { cwd: (state) => state.workspace },
    ),
  )
  .addNode("check", (state) => ({ verdict: state.files.includes("calculator.js") ? "fixed" : "unchanged" }))
  .addEdge(START, "fix")
  .addEdge("fix", "check")
  .addEdge("check", END)
  .compile();
