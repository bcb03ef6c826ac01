export type { AttemptInfo } from "./attempt-note.js";
export { InvalidModelSpecError } from "./invalid-model-spec-error.js";
export { MissingApiKeyError } from "./missing-api-key-error.js";
export { ModelIdleTimeoutError } from "./model-idle-timeout-error.js";
export { ModelRequestError } from "./model-request-error.js";
export { ModelStreamError } from "./model-stream-error.js";
export { ModelUnreachableError } from "./model-unreachable-error.js";
export { ScriptExhaustedError } from "./script-exhausted-error.js";
export { ScriptFileError } from "./script-file-error.js";
