/**
 * Prebuilt teams on the graph runtime: a supervisor routing work to named agents, and map-reduce over a list.
 * Each returns a `StateGraph` to compile with a checkpointer, so a team run is as durable as any graph.
 */
export { TeamInputError, TeamRoundsError, TeamRouteError } from "./errors.js";
export { type MapReduceOptions, type MapResult, mapReduce } from "./map-reduce.js";
export { createSupervisor, type SupervisorOptions, type TeamMember, type TeamReport } from "./supervisor.js";
export { createSwarm, type SwarmExchange, type SwarmOptions } from "./swarm.js";
