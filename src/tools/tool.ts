import type { z } from "zod";
import type { SessionSettings } from "../core/index.js";
import type { PolicyCall } from "../security/index.js";
import { type InputSchema, isZodSchema, type JsonSchema } from "./input-schema.js";
import type { ToolContext } from "./tool-context.js";
import { ToolDefinitionError } from "./tool-definition-error.js";
import type { ToolOutput } from "./tool-result.js";

/**
 * What a tool may do to the world, as its author declares it. It decides scheduling (consecutive `read` calls run
 * in parallel) and, for a tool without `describeForPolicy`, how the policy judges a call; a `read` tool cannot run
 * commands through its context.
 */
export type ToolEffects = "read" | "write" | "exec";

/** What the policy judges about one call, and the one-line summary approvers and the audit log see. */
export interface PolicyDescription {
  /** Every part of the call the policy judges; the strictest decision wins. Empty: judged by `effects`. */
  calls: PolicyCall[];
  summary: string;
}

/** What `describeForPolicy` and `needsApproval` know about the call besides its arguments. */
export interface DescribeContext {
  sessionId: string;
  callId: string;
  /** The workspace root (absolute). */
  cwd: string;
  settings: SessionSettings;
}

// Method syntax keeps the argument type bivariant, so a Tool<{ path: string }> fits where a Tool<unknown> is asked.
type ApprovalPredicate<A> = {
  predicate(args: A, context: DescribeContext): boolean | Promise<boolean>;
}["predicate"];

/**
 * A capability the model can call: the shape AI SDK and OpenAI Agents users know. Made with {@link tool}, which
 * checks the definition; the runtime validates arguments against `inputSchema` before `execute` sees them.
 */
export interface Tool<A = unknown> {
  /** Name the model calls it by (letters, digits, `_`, `-`; at most 64). */
  readonly name: string;
  /** What it does, for the model. */
  readonly description: string;
  /** The arguments' shape: a zod schema (sent to the model converted to JSON Schema) or a JSON Schema (sent as is). */
  readonly inputSchema: InputSchema<A>;
  readonly effects: ToolEffects;
  /** Runs one call with validated arguments. A thrown error becomes a failed result the model reads. */
  execute(args: A, context: ToolContext): Promise<ToolOutput> | ToolOutput;
  /**
   * What the policy judges for a call (commands, file paths). Without it, a call is judged as the tool itself by
   * its name and `effects`. A built-in's description belongs to the built-in: a tool that replaces one by name is
   * judged by its own.
   */
  describeForPolicy?(args: A, context: DescribeContext): PolicyDescription;
  /**
   * Forces an approval for the call (true, or a predicate of the call) even where the policy would allow it. A
   * `forbid` still forbids; with approval mode `never` the call is refused; "approve for this session" lets the
   * same call (same summary) through from then on.
   */
  readonly needsApproval?: boolean | ApprovalPredicate<A>;
  /**
   * Runs alongside neighbouring calls that may too (and `read` calls) instead of alone; the tool bounds its own
   * concurrency (`spawn_agent`: a sub-agent per call, each policed on its own).
   */
  readonly parallel?: boolean;
  /**
   * A call cut off by a crash runs again on resume instead of being recorded as interrupted: the tool makes a
   * second run reuse what the first did (`spawn_agent` resumes the child session it journaled).
   */
  readonly resumable?: boolean;
  /**
   * Not listed to the model until a tool result reveals it (`ToolResult.reveals`, e.g. the MCP tool search): for
   * large tool sets that would eat the context. The policy judges its calls like any other's.
   */
  readonly deferred?: boolean;
}

/** A tool definition as {@link tool} takes it. */
export interface ToolDefinition<A> {
  name: string;
  description: string;
  inputSchema: InputSchema<A>;
  effects: ToolEffects;
  execute(args: A, context: ToolContext): Promise<ToolOutput> | ToolOutput;
  describeForPolicy?(args: A, context: DescribeContext): PolicyDescription;
  needsApproval?: boolean | ApprovalPredicate<A>;
  parallel?: boolean;
  resumable?: boolean;
  deferred?: boolean;
}

const NAME = /^[A-Za-z0-9_-]{1,64}$/;
const EFFECTS = new Set<unknown>(["read", "write", "exec"]);

/**
 * Defines a tool. With a zod `inputSchema` the arguments are typed from it (its output, defaults applied); with a
 * JSON Schema they are `unknown` unless a type is given (`tool<{ city: string }>({ ... })`) — either way they are
 * validated before `execute` runs. Throws `tool.invalid_definition` for a definition providers or the runtime
 * would refuse later.
 */
export function tool<S extends z.ZodType>(
  definition: Omit<ToolDefinition<z.output<S>>, "inputSchema"> & { inputSchema: S },
): Tool<z.output<S>>;
export function tool<A = unknown>(
  definition: Omit<ToolDefinition<A>, "inputSchema"> & { inputSchema: JsonSchema },
): Tool<A>;
export function tool<A>(definition: ToolDefinition<A>): Tool<A> {
  const name = String(definition.name);
  const problem = definitionProblem(definition);
  if (problem) throw new ToolDefinitionError(name, problem);
  return Object.freeze({ ...definition });
}

function definitionProblem(definition: ToolDefinition<unknown>): string | undefined {
  if (typeof definition.name !== "string" || !NAME.test(definition.name))
    return "its name must be 1 to 64 letters, digits, _ or - (what providers accept)";
  if (typeof definition.description !== "string") return "its description must be a string";
  if (!EFFECTS.has(definition.effects)) return 'its effects must be "read", "write" or "exec"';
  if (typeof definition.execute !== "function") return "execute must be a function";
  if (definition.describeForPolicy !== undefined && typeof definition.describeForPolicy !== "function")
    return "describeForPolicy must be a function";
  const approval = definition.needsApproval;
  if (approval !== undefined && typeof approval !== "boolean" && typeof approval !== "function")
    return "needsApproval must be a boolean or a function";
  if (definition.deferred !== undefined && typeof definition.deferred !== "boolean")
    return "deferred must be a boolean";
  const schema: unknown = definition.inputSchema;
  if (isZodSchema(schema)) return undefined;
  if (typeof schema !== "object" || schema === null || Array.isArray(schema))
    return "inputSchema must be a zod schema or a JSON Schema object";
  if ((schema as JsonSchema).type !== "object")
    return 'its JSON Schema must describe an object (type: "object"): providers take arguments as one object';
  return undefined;
}
