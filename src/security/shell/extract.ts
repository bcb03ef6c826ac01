import type { Node, Parser } from "web-tree-sitter";
import { hiddenEvaluationProblems } from "./hidden-evaluation.js";
import { evaluateWord, expandedWords, type Word } from "./words.js";

/** A redirection before it is judged. */
export interface RawRedirect {
  op: string;
  target: Word;
  access: "read" | "write" | "dup";
}

/** A simple command as found in the syntax tree, before wrappers are unwrapped. */
export interface RawCommand {
  /** The command name followed by its arguments. Empty for a bare assignment or redirection. */
  words: Word[];
  /** `NAME=value` words in front of the command (or standalone / `export`ed). */
  assignments: { name: string; value: Word | undefined }[];
  redirects: RawRedirect[];
  text: string;
  /** Constructs that make this command impossible to analyse safely. */
  problems: string[];
  /** Directory the command runs in, relative redirects resolve against it; undefined when unknown (after `cd $X`). */
  cwd: string | undefined;
  /** Pipeline this command belongs to and its position there, for `curl ... | sh`. */
  pipeline?: { id: number; index: number };
}

/** The result of parsing one script. */
export interface ExtractedScript {
  commands: RawCommand[];
  /** Problems of the script as a whole (syntax errors). */
  problems: string[];
}

interface WalkState {
  cwd: string | undefined;
  home: string | undefined;
  commands: RawCommand[];
  pipelines: number;
}

const SUBSTITUTIONS = new Set(["command_substitution", "process_substitution"]);

function children(node: Node): Node[] {
  return node.children.filter((child): child is Node => child !== null);
}

function redirectOf(node: Node): RawRedirect | undefined {
  const destination = node.childrenForFieldName("destination").find((child) => child !== null);
  if (!destination) return undefined;
  let op = "";
  for (const child of children(node)) {
    if (child.type === "file_descriptor") op += child.text;
    else if (!child.isNamed) op += child.type;
  }
  const target = evaluateWord(destination);
  const bare = op.replace(/^\d+/, "");
  let access: RawRedirect["access"] = "write";
  if (bare === "<") access = "read";
  else if ((bare === ">&" || bare === "<&") && /^(\d+|-)$/.test(target.value)) access = "dup";
  else if (bare === "<&") access = "read";
  return { op, target, access };
}

/** Finds `$(...)`, backticks and `<(...)` below `node` and walks the commands inside them. */
function walkSubstitutions(node: Node, state: WalkState, owner: RawCommand): void {
  walkSubstitutionsIn(children(node), state, owner);
}

function walkSubstitutionsIn(nodes: Node[], state: WalkState, owner: RawCommand): void {
  for (const child of nodes) {
    if (SUBSTITUTIONS.has(child.type)) {
      const kind = child.type === "process_substitution" ? "process substitution" : "command substitution";
      owner.problems.push(
        `${kind} ${shorten(child.text)} runs a command whose output cannot be known in advance`,
      );
      for (const inner of children(child)) walk(inner, state);
    } else {
      walkSubstitutions(child, state, owner);
    }
  }
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function newCommand(node: Node, state: WalkState): RawCommand {
  return { words: [], assignments: [], redirects: [], text: node.text, problems: [], cwd: state.cwd };
}

function assignmentOf(node: Node): { name: string; value: Word | undefined } {
  const name = node.childForFieldName("name")?.text ?? node.text.split("=")[0] ?? "";
  const value = node.childForFieldName("value");
  return { name, value: value ? evaluateWord(value) : undefined };
}

function updateCwd(command: RawCommand, state: WalkState): void {
  const [name, target, ...rest] = command.words;
  if (!name || !["cd", "pushd", "popd"].includes(name.value)) return;
  if (name.value === "popd" || rest.length > 0 || (target && !target.literal)) {
    state.cwd = undefined;
    return;
  }
  if (!target || target.value === "~") {
    state.cwd = state.home;
    return;
  }
  if (target.value === "-" || state.cwd === undefined) {
    state.cwd = undefined;
    return;
  }
  let value = target.value;
  if (value.startsWith("~/")) {
    if (!state.home) {
      state.cwd = undefined;
      return;
    }
    value = state.home + value.slice(1);
  }
  state.cwd = value.startsWith("/") ? normalise(value) : normalise(`${state.cwd}/${value}`);
}

function normalise(path: string): string {
  const out: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") out.pop();
    else out.push(segment);
  }
  return `/${out.join("/")}`;
}

function walkCommand(node: Node, state: WalkState, redirects: RawRedirect[]): RawCommand {
  const command = newCommand(node, state);
  node.children.forEach((child, index) => {
    if (!child) return;
    const field = node.fieldNameForChild(index);
    if (child.type === "variable_assignment") command.assignments.push(assignmentOf(child));
    else if (field === "name" || field === "argument") {
      // Brace and tilde expansion happen before the command runs: judge the words it will get.
      const inner = field === "name" ? (child.firstNamedChild ?? child) : child;
      for (const word of expandedWords(inner, { home: state.home, cwd: state.cwd })) {
        command.words.push(word);
        if (word.problem) command.problems.push(word.problem);
      }
    } else if (field === "redirect" || child.type === "file_redirect") {
      const redirect = redirectOf(child);
      if (redirect) command.redirects.push(redirect);
    }
  });
  command.redirects.push(...redirects);
  state.commands.push(command);
  walkSubstitutions(node, state, command);
  updateCwd(command, state);
  return command;
}

function collectRedirects(node: Node, state: WalkState, owner: RawCommand): RawRedirect[] {
  const out: RawRedirect[] = [];
  if (node.type === "file_redirect") {
    const redirect = redirectOf(node);
    if (redirect) out.push(redirect);
  } else {
    for (const child of children(node))
      if (child.type === "file_redirect") out.push(...collectRedirects(child, state, owner));
  }
  walkSubstitutions(node, state, owner);
  return out;
}

function walk(node: Node, state: WalkState, inherited: RawRedirect[] = []): void {
  switch (node.type) {
    case "comment":
      return;
    case "command":
      walkCommand(node, state, inherited);
      return;
    case "redirected_statement": {
      const body = node.childForFieldName("body");
      // The redirections belong to the body; a placeholder collects problems found inside them.
      const holder = newCommand(node, state);
      const redirects = node
        .childrenForFieldName("redirect")
        .filter((child): child is Node => child !== null)
        .flatMap((child) => collectRedirects(child, state, holder));
      if (body?.type === "command") {
        const command = walkCommand(body, state, redirects);
        command.problems.push(...holder.problems);
        command.text = node.text;
      } else {
        // The grammar hangs `a && b > f` on the whole list, but bash opens `f` for `b` alone, after `a` (a `cd`)
        // ran. A group's or loop's redirections open before it runs; a `cd` inside makes them uncertain.
        const before = state.cwd;
        if (body) walk(body, state);
        holder.redirects = redirects;
        holder.text = node.text;
        const last = body?.type === "list" || body?.type === "pipeline";
        holder.cwd = last || state.cwd === before ? state.cwd : undefined;
        state.commands.push(holder);
      }
      return;
    }
    case "variable_assignment":
    case "variable_assignments": {
      const command = newCommand(node, state);
      const list =
        node.type === "variable_assignment"
          ? [node]
          : node.namedChildren.filter((c): c is Node => c !== null);
      for (const item of list)
        if (item.type === "variable_assignment") command.assignments.push(assignmentOf(item));
      state.commands.push(command);
      walkSubstitutions(node, state, command);
      return;
    }
    case "declaration_command":
    case "unset_command": {
      // export/declare/local/readonly/unset: judged as a command named after the keyword.
      const command = newCommand(node, state);
      const keyword = node.child(0);
      if (keyword) {
        const text = keyword.text;
        command.words.push({
          text,
          value: text,
          literal: true,
          quoted: false,
          glob: false,
          substitution: false,
        });
      }
      for (const child of node.namedChildren) {
        if (!child) continue;
        if (child.type === "variable_assignment") command.assignments.push(assignmentOf(child));
        else command.words.push(evaluateWord(child));
      }
      state.commands.push(command);
      walkSubstitutions(node, state, command);
      return;
    }
    case "function_definition": {
      const command = newCommand(node, state);
      command.problems.push("the script defines a shell function, which can shadow any command name");
      state.commands.push(command);
      const body = node.childForFieldName("body");
      if (body) walk(body, state);
      return;
    }
    case "pipeline": {
      const id = ++state.pipelines;
      let index = 0;
      for (const child of children(node)) {
        if (!child.isNamed) continue;
        const before = state.commands.length;
        walk(child, state);
        for (const command of state.commands.slice(before)) command.pipeline ??= { id, index };
        index++;
      }
      return;
    }
    default:
      // Lists, subshells, groups, if/while/for/case, tests: judge every command inside.
      for (const child of children(node)) walkOrScan(child, state);
  }
}

const STATEMENTS = new Set([
  "command",
  "redirected_statement",
  "variable_assignment",
  "variable_assignments",
  "declaration_command",
  "unset_command",
  "function_definition",
  "pipeline",
  "list",
  "subshell",
  "compound_statement",
  "do_group",
  "if_statement",
  "elif_clause",
  "else_clause",
  "while_statement",
  "for_statement",
  "c_style_for_statement",
  "case_statement",
  "case_item",
  "negated_command",
  "test_command",
  "program",
  "ERROR",
]);

function walkOrScan(node: Node, state: WalkState): void {
  if (STATEMENTS.has(node.type) || node.type === "comment") {
    walk(node, state);
    return;
  }
  // A word in a non-command position (a `for` list, a `case` value, a `[[ ]]` operand) may hide substitutions.
  if (SUBSTITUTIONS.has(node.type) || node.descendantsOfType([...SUBSTITUTIONS]).length > 0) {
    const holder = newCommand(node, state);
    state.commands.push(holder);
    walkSubstitutionsIn([node], state, holder);
  }
}

/** Parses `script` and returns its simple commands in source order. */
export function extractCommands(
  parser: Parser,
  script: string,
  options: { cwd: string | undefined; home: string | undefined },
): ExtractedScript {
  const tree = parser.parse(script);
  if (!tree) return { commands: [], problems: ["the script could not be parsed"] };
  try {
    const state: WalkState = { cwd: options.cwd, home: options.home, commands: [], pipelines: 0 };
    const problems: string[] = [];
    if (tree.rootNode.hasError)
      problems.push("the script has a syntax error or constructs the parser does not know");
    problems.push(...hiddenEvaluationProblems(tree.rootNode));
    walk(tree.rootNode, state);
    return { commands: state.commands, problems };
  } finally {
    tree.delete();
  }
}
