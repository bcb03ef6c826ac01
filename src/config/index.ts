export { ConfigFile, readConfigLayer } from "./config-file.js";
export { InvalidConfigError } from "./invalid-config-error.js";
export { LimitsConfig, ProviderLimitsConfig, providerLimitsOf, sessionLimitsOf } from "./limits-config.js";
export { type LoadedConfig, loadConfig, loadEffectiveConfig } from "./load-config.js";
export { findProjectFile, type ProjectFile } from "./project-file.js";
export { projectRoot } from "./project-root.js";
export { tightenOnly } from "./tighten.js";
export {
  readTrustFile,
  TrustedProject,
  TrustFile,
  trustFilePath,
  trustOf,
  trustProject,
  untrustProject,
} from "./trust-store.js";
