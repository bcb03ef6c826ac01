export { InvalidAgentFileError } from "./invalid-agent-file-error.js";
