import { Annotation, type AnnotationRoot, type StateDefinition } from "./annotation.js";
import type { ChannelSpec } from "./channels/index.js";
import { GraphValueError } from "./errors/index.js";

/** Anything `new StateGraph(...)` accepts as a state schema. */
export type StateSchema =
  | AnnotationRoot<StateDefinition>
  | { channels: StateDefinition }
  | ZodObjectLike
  | StateDefinition;

/** The parts of a zod object schema we read (zod 3 and 4). */
export interface ZodObjectLike {
  shape: Record<string, unknown>;
  safeParse(value: unknown): unknown;
}

function isZodObject(value: unknown): value is ZodObjectLike {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { safeParse?: unknown }).safeParse === "function" &&
    typeof (value as { shape?: unknown }).shape === "object"
  );
}

/**
 * The channel spec of every key of a state schema. A zod object's keys keep their last value (as in LangGraph, a
 * reducer needs an `Annotation`).
 */
export function readStateSchema(schema: StateSchema): Record<string, ChannelSpec<unknown, unknown>> {
  if (typeof schema !== "object" || schema === null)
    throw new GraphValueError("A StateGraph needs a state schema: Annotation.Root({...}) or a zod object.");
  if ("spec" in schema && (schema as AnnotationRoot<StateDefinition>).lc_graph_name === "AnnotationRoot")
    return (schema as AnnotationRoot<StateDefinition>).spec;
  if (isZodObject(schema)) {
    const channels: Record<string, ChannelSpec<unknown, unknown>> = {};
    for (const key of Object.keys(schema.shape)) channels[key] = Annotation<unknown>();
    return channels;
  }
  if ("channels" in schema && typeof schema.channels === "object") return schema.channels as StateDefinition;
  for (const [key, value] of Object.entries(schema)) {
    const kind = (value as { kind?: unknown } | null)?.kind;
    if (kind !== "last-value" && kind !== "reducer")
      throw new GraphValueError(
        `State key "${key}" is not an Annotation: declare it with Annotation<T>() or Annotation({ reducer }).`,
      );
  }
  return schema as StateDefinition;
}
