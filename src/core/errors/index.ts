export { AbortedError } from "./aborted-error.js";
export { ArtError, type ArtErrorOptions, describeError } from "./art-error.js";
export { InvalidInputError } from "./invalid-input-error.js";
