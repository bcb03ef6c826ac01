import type { Node } from "web-tree-sitter";

/**
 * Places where bash runs code that tree-sitter-bash shows as plain text, so the command walk never sees it:
 *
 * - command substitutions the grammar leaves unparsed: backticks in an unquoted here-document or inside
 *   `${x:-`cmd`}`, and `$(cmd)` on a tab-indented line of a `<<-` here-document;
 * - a variable's value run as code: `${x@P}` (prompt expansion runs `$(...)` in the value), `${!x}` (the value is
 *   a name, and `a[$(cmd)]` is one), arithmetic on a variable the script gave a non-numeric value
 *   (`x='a[$(cmd)]'; echo $((x))` runs `cmd`: bash evaluates the subscript of a name it finds in the value);
 * - `test -v 'a[$(cmd)]'`, `[[ -v ... ]]` and `printf -v 'a[$(cmd)]'`, which evaluate the subscript of the name.
 *
 * Each finding is a problem (the script then asks instead of running as "read-only").
 */
export function hiddenEvaluationProblems(root: Node): string[] {
  const problems = new Set<string>();
  for (const node of root.descendantsOfType("heredoc_redirect")) {
    if (node) heredocProblem(node, problems);
  }
  for (const node of root.descendantsOfType("expansion")) {
    if (node) expansionProblem(node, problems);
  }
  for (const problem of subscriptNameProblems(root)) problems.add(problem);
  const arithmetic = arithmeticProblem(root);
  if (arithmetic) problems.add(arithmetic);
  return [...problems];
}

function shorten(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}

function parsedSubstitutions(node: Node): number {
  return node.descendantsOfType(["command_substitution", "process_substitution"]).length;
}

/** `${` not followed by a plain `name}`: a modifier, a subscript, an indirection or a transformation. */
const COMPLEX_PARAMETER = /\$\{(?![A-Za-z_][A-Za-z0-9_]*\})/;

function heredocProblem(node: Node, problems: Set<string>): void {
  const start = node.children.find((child) => child?.type === "heredoc_start");
  // A quoted delimiter (`<<'EOF'`, `<<"EOF"`, `<<\EOF`, `<<E"O"F`) turns expansion off for the whole body.
  if (!start || /['"\\]/.test(start.text)) return;
  const body = node.children.find((child) => child?.type === "heredoc_body");
  if (!body) return;
  const text = body.text;
  if (text.includes("`") || text.includes("$(") || text.includes("$[") || COMPLEX_PARAMETER.test(text))
    problems.add(
      `the here-document (<<${start.text}) expands ${shorten(text)}, which can run commands the parser cannot see`,
    );
}

function expansionProblem(node: Node, problems: Set<string>): void {
  const text = node.text;
  if ((text.includes("`") || text.includes("$(")) && parsedSubstitutions(node) === 0)
    problems.add(`the expansion ${shorten(text)} holds a command substitution the parser cannot see`);
  if (/@P\}$/.test(text))
    problems.add(
      `${shorten(text)} expands the variable as a prompt, which runs the commands its value holds`,
    );
  // `${!prefix*}`, `${!prefix@}` and `${!array[@]}` list names or keys; any other `${!x}` reads the variable x names.
  if (/^\$\{!/.test(text) && !/^\$\{![A-Za-z_][A-Za-z0-9_]*(\*|@|\[[@*]\])\}$/.test(text))
    problems.add(
      `${shorten(text)} expands the variable its value names, and a name with a subscript runs commands`,
    );
}

/** `test -v NAME`, `[ -v NAME ]`, `[[ -v NAME ]]`, `printf -v NAME`: a subscript in NAME is evaluated. */
function subscriptNameProblems(root: Node): string[] {
  const out: string[] = [];
  const flag = (operand: string | undefined, shown: string) => {
    if (operand?.includes("[") && /[$`]/.test(operand))
      out.push(`${shorten(shown)} evaluates the subscript of ${shorten(operand)}, which can run commands`);
  };
  for (const command of root.descendantsOfType("command")) {
    if (!command) continue;
    const words = command.children.filter((child) => child !== null).map((child) => child.text);
    const name = words[0];
    if (name !== "test" && name !== "[" && name !== "printf") continue;
    words.forEach((word, index) => {
      if (word === "-v") flag(unquote(words[index + 1]), command.text);
    });
  }
  for (const unary of root.descendantsOfType("unary_expression")) {
    if (!unary) continue;
    const [operator, operand] = unary.children.filter((child) => child !== null);
    if (operator?.text === "-v") flag(unquote(operand?.text), unary.text);
  }
  return out;
}

function unquote(text: string | undefined): string | undefined {
  return text?.replace(/^(['"])(.*)\1$/s, "$2");
}

/** Nodes whose text bash evaluates as arithmetic. */
const ARITHMETIC_COMPARISON = new Set(["-eq", "-ne", "-lt", "-le", "-gt", "-ge"]);

function arithmeticTexts(root: Node): string[] {
  const texts: string[] = [];
  for (const node of root.descendantsOfType(["arithmetic_expansion", "subscript", "c_style_for_statement"])) {
    if (!node) continue;
    if (node.type === "c_style_for_statement") {
      const body = node.childForFieldName("body");
      texts.push(body ? node.text.slice(0, body.startIndex - node.startIndex) : node.text);
    } else if (node.type === "subscript") {
      texts.push(node.childForFieldName("index")?.text ?? "");
    } else texts.push(node.text);
  }
  for (const node of root.descendantsOfType("compound_statement")) {
    if (node?.text.startsWith("((")) texts.push(node.text);
  }
  for (const node of root.descendantsOfType("binary_expression")) {
    const operator = node?.childForFieldName("operator")?.text;
    if (node && operator && ARITHMETIC_COMPARISON.has(operator)) texts.push(node.text);
  }
  for (const node of root.descendantsOfType("expansion")) {
    // `${x:offset:length}`: the offset and length are arithmetic (`${x:-y}` and friends are not).
    const match = node ? /^\$\{[A-Za-z_][A-Za-z0-9_]*:(?![-=?+])(.*)\}$/s.exec(node.text) : null;
    if (match?.[1]) texts.push(match[1]);
  }
  for (const command of root.descendantsOfType("command")) {
    if (command?.childForFieldName("name")?.text === "let") texts.push(command.text.slice(3));
  }
  return texts;
}

/** Names the script gives a value that is not a plain integer (or takes from a loop, `printf -v`, `read`, ...). */
function namesWithText(root: Node): Set<string> {
  const names = new Set<string>();
  for (const node of root.descendantsOfType("variable_assignment")) {
    if (!node) continue;
    const name = node.childForFieldName("name")?.text;
    const value = node.childForFieldName("value");
    // Inside arithmetic (`for ((i=0; ...))`) an assignment is a number already.
    const inArithmetic = node.parent?.type === "c_style_for_statement";
    if (name && !inArithmetic && value && !/^[+-]?\d+$/.test(value.text)) names.add(name);
  }
  for (const node of root.descendantsOfType("for_statement")) {
    const variable = node?.childForFieldName("variable")?.text;
    // `for i in 1 2 3` and `for i in {1..9}` give numbers; any other list (a glob, a word) gives text.
    const values = node?.childrenForFieldName("value").filter((child) => child !== null) ?? [];
    const numbers = values.length > 0 && values.every((value) => /^[\d{}.+-]+$/.test(value.text));
    if (variable && !numbers) names.add(variable);
  }
  for (const command of root.descendantsOfType("command")) {
    if (!command) continue;
    const words = command.children.filter((child) => child !== null).map((child) => child.text);
    if (["read", "mapfile", "readarray", "printf", "getopts", "wait", "select"].includes(words[0] ?? ""))
      for (const word of words.slice(1)) {
        const name = unquote(word);
        if (name && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) names.add(name);
      }
  }
  return names;
}

function arithmeticProblem(root: Node): string | undefined {
  const texts = arithmeticTexts(root);
  if (texts.length === 0) return undefined;
  // Quotes do not protect inside arithmetic: `$(( 'a[$(cmd)]' ))` and `[[ 'a[$(cmd)]' -eq 1 ]]` run cmd.
  const substituted = texts.find((text) => /\$\((?!\()|`/.test(text.replace(/^\$?\(\(/, "")));
  if (substituted)
    return `the arithmetic ${shorten(substituted)} runs the command substitution inside it, quoted or not`;
  const withText = namesWithText(root);
  if (withText.size === 0) return undefined;
  for (const text of texts) {
    for (const name of text.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []) {
      if (withText.has(name))
        return `arithmetic on ${name} (${shorten(text)}) evaluates its value, and a value like a[$(cmd)] runs commands`;
    }
  }
  return undefined;
}
