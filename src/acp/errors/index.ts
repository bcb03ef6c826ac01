export { AcpRequestError } from "./acp-request-error.js";
export { AcpSessionNotFoundError } from "./acp-session-not-found-error.js";
