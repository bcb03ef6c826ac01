export { BatchFileError } from "./batch-file-error.js";
export { BatchRunError } from "./batch-run-error.js";
