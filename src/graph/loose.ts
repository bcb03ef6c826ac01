/**
 * The one escape hatch from strict types in the graph module: LangGraph's public generics (node functions, channel
 * specs inferred through `Annotation`) accept any state shape, and `unknown` would break that inference.
 */
// biome-ignore lint/suspicious/noExplicitAny: see above; used only in public generic positions.
export type Loose = any;
