export { type ServeAcpOptions, serveAcp } from "./agent-server.js";
export * from "./errors/index.js";
export type { AcpSessionSetup, SetupSession } from "./session-setup.js";
