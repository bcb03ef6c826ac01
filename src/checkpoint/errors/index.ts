export { CheckpointAmbiguousError } from "./checkpoint-ambiguous-error.js";
export { CheckpointGitError } from "./checkpoint-git-error.js";
export { CheckpointLockTimeoutError } from "./checkpoint-lock-timeout-error.js";
export { CheckpointNotFoundError } from "./checkpoint-not-found-error.js";
export { CheckpointStoreError } from "./checkpoint-store-error.js";
export { GitUnavailableError } from "./git-unavailable-error.js";
