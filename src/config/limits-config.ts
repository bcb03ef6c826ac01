import { z } from "zod";

const count = z.number().int().positive();

/** One provider's limits in `[limits.providers.NAME]`. */
export const ProviderLimitsConfig = z.strictObject({
  /** Requests in flight at once on one key. */
  max_concurrent: count.optional(),
  requests_per_minute: count.optional(),
  /** Estimated prompt tokens per minute. */
  tokens_per_minute: count.optional(),
});

/**
 * `[limits]`: shared limits for everything one process runs. `max_commands` caps the commands running at once
 * across sessions (default twice the cores; `ART_MAX_COMMANDS` wins); `providers` limits each key of a provider
 * (`openai`, `anthropic`, `openai-compatible`) on top of what its response headers say.
 */
export const LimitsConfig = z.strictObject({
  max_commands: count.optional(),
  /** Limits all commands of one session share, in cgroups made per session (see `SessionCgroup`). */
  session: z
    .strictObject({
      /** Memory of the session's commands together, MiB. */
      memory_mb: count.optional(),
      /** Processes and threads of the session's commands together. */
      pids: count.optional(),
      /** CPU weight against other sessions: 1–10000, 100 is an even share. */
      cpu_weight: z.number().int().min(1).max(10000).optional(),
    })
    .optional(),
  providers: z
    .strictObject({
      openai: ProviderLimitsConfig.optional(),
      anthropic: ProviderLimitsConfig.optional(),
      "openai-compatible": ProviderLimitsConfig.optional(),
    })
    .optional(),
});
export type LimitsConfig = z.infer<typeof LimitsConfig>;

/**
 * The `SharedRateLimits` options the `[limits.providers]` table asks for (camelCase, as the library takes them).
 *
 * @example
 * ```ts
 * new SharedRateLimits(providerLimitsOf(config.limits));
 * ```
 */
export function providerLimitsOf(limits: LimitsConfig | undefined): {
  providers: Record<string, { maxConcurrent?: number; requestsPerMinute?: number; tokensPerMinute?: number }>;
} {
  const providers: Record<
    string,
    { maxConcurrent?: number; requestsPerMinute?: number; tokensPerMinute?: number }
  > = {};
  for (const [name, limit] of Object.entries(limits?.providers ?? {})) {
    if (!limit) continue;
    providers[name] = {
      ...(limit.max_concurrent !== undefined ? { maxConcurrent: limit.max_concurrent } : {}),
      ...(limit.requests_per_minute !== undefined ? { requestsPerMinute: limit.requests_per_minute } : {}),
      ...(limit.tokens_per_minute !== undefined ? { tokensPerMinute: limit.tokens_per_minute } : {}),
    };
  }
  return { providers };
}

/**
 * The `SessionLimits` the `[limits.session]` table asks for, or undefined without one.
 *
 * @example
 * configureSessionLimits(sessionLimitsOf(config.limits));
 */
export function sessionLimitsOf(
  limits: LimitsConfig | undefined,
): { memoryMb?: number; pids?: number; cpuWeight?: number } | undefined {
  const session = limits?.session;
  if (!session) return undefined;
  return {
    ...(session.memory_mb !== undefined ? { memoryMb: session.memory_mb } : {}),
    ...(session.pids !== undefined ? { pids: session.pids } : {}),
    ...(session.cpu_weight !== undefined ? { cpuWeight: session.cpu_weight } : {}),
  };
}
