export { HeaderTap } from "./header-tap.js";
export { type RateLimitReport, type ReportedLimit, readRateLimitHeaders } from "./rate-limit-headers.js";
export type { GatePass, LimitKey, RequestGate } from "./request-gate.js";
export {
  type LimitState,
  type ProviderLimit,
  SharedRateLimits,
  type SharedRateLimitsOptions,
} from "./shared-rate-limits.js";
