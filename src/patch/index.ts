export { type ApplyPatchResult, applyPatch, formatSummary } from "./apply.js";
export { ChunkNotFoundError } from "./chunk-not-found-error.js";
export { commitPlan } from "./commit.js";
export { type FileTree, type GeneratePatchOptions, generatePatch } from "./generate.js";
export { MATCH_LEVELS, type MatchLevel } from "./normalise.js";
export { parsePatch } from "./parse.js";
export { PatchParseError } from "./patch-parse-error.js";
export { PatchTargetError } from "./patch-target-error.js";
export { PatchWriteError } from "./patch-write-error.js";
export { type PatchOptions, type PatchPlan, type PlannedWrite, planPatch } from "./plan.js";
export type {
  AddFileOperation,
  Chunk,
  ChunkLine,
  DeleteFileOperation,
  FileChangeSummary,
  FileOperation,
  ParsedPatch,
  UpdateFileOperation,
} from "./types.js";
