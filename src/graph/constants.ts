/** The virtual node a graph starts from. */
export const START = "__start__";
/** The virtual node a graph ends at. */
export const END = "__end__";
/** The key under which `invoke` and `stream` report pending interrupts. */
export const INTERRUPT = "__interrupt__";
/** Checkpoint format version written by this module. */
export const CHECKPOINT_VERSION = 1;
/** Default bound on supersteps per invocation (LangGraph's default). */
export const DEFAULT_RECURSION_LIMIT = 25;
