import { z } from "zod";

/** An error as it is journaled: its stable code and message. */
export const ErrorInfo = z.object({
  /** Stable machine-readable code (see `ArtError.code`). */
  code: z.string(),
  /** What happened and what to do. */
  message: z.string(),
});
export type ErrorInfo = z.infer<typeof ErrorInfo>;
