export { CODE_CACHE_DISABLE_ENV, codeCacheDir, isPrivateDirectory } from "./cache-dir.js";
export { CODE_CACHE_SCHEMA_VERSION, type CodeCacheKey } from "./cache-file.js";
export {
  type CodeCacheOptions,
  type CodeCacheStatus,
  type LoadedBundle,
  loadWithCodeCache,
} from "./load-with-code-cache.js";
