import { END, START } from "./constants.js";
import type { BranchSpec } from "./pregel/graph-spec.js";

/** The edges of a graph as built, for drawing. */
export interface GraphShape {
  edges: [string, string][];
  joins: { sources: string[]; target: string }[];
  branches: Map<string, BranchSpec[]>;
  ends: Map<string, string[]>;
}

function id(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `n_${Buffer.from(name).toString("hex")}`;
}

function label(name: string): string {
  return name.replace(/"/g, "#quot;");
}

/**
 * The graph as a Mermaid flowchart: solid arrows for edges, dotted ones for conditional edges and `Command`
 * destinations (labelled with the path map's key where it differs from the target).
 */
export function drawMermaid(shape: GraphShape, nodes: string[]): string {
  const lines = ["%%{init: {'flowchart': {'curve': 'linear'}}}%%", "graph TD;"];
  const used = new Set<string>([START]);
  const arrows: string[] = [];
  for (const [from, to] of shape.edges) {
    arrows.push(`\t${id(from)} --> ${id(to)};`);
    used.add(to);
  }
  for (const join of shape.joins) {
    for (const source of join.sources) arrows.push(`\t${id(source)} --> ${id(join.target)};`);
    used.add(join.target);
  }
  for (const [from, list] of shape.branches) {
    for (const branch of list) {
      const targets = branch.pathMap
        ? Object.entries(branch.pathMap)
        : nodes.filter((node) => node !== START).map((node) => [node, node]);
      const all = branch.pathMap ? targets : [...targets, [END, END]];
      for (const [key, to] of all as [string, string][]) {
        arrows.push(
          key === to
            ? `\t${id(from)} -.-> ${id(to)};`
            : `\t${id(from)} -. &nbsp;${label(key)}&nbsp; .-> ${id(to)};`,
        );
        used.add(to);
      }
    }
  }
  for (const [from, ends] of shape.ends)
    for (const to of ends) {
      arrows.push(`\t${id(from)} -.-> ${id(to)};`);
      used.add(to);
    }
  for (const node of nodes) {
    if (node === START) lines.push(`\t${id(START)}([<p>${START}</p>]):::first`);
    else lines.push(`\t${id(node)}(${label(node)})`);
  }
  if (used.has(END) || shape.edges.some(([, to]) => to === END))
    lines.push(`\t${id(END)}([<p>${END}</p>]):::last`);
  lines.push(...arrows);
  lines.push(
    "\tclassDef default fill:#f2f0ff,line-height:1.2;",
    "\tclassDef first fill-opacity:0;",
    "\tclassDef last fill:#bfb6fc;",
  );
  return `${lines.join("\n")}\n`;
}
