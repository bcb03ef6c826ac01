import { ArtError } from "../core/index.js";
import { AcpRequestError, AcpSessionNotFoundError } from "./errors/index.js";

/** ACP's "resource not found" JSON-RPC error code. */
export const RESOURCE_NOT_FOUND = -32002;
const INVALID_PARAMS = -32602;
const INTERNAL_ERROR = -32603;

/** A JSON-RPC error as the SDK's `RequestError` takes it. */
export interface ProtocolError {
  code: number;
  message: string;
  data: { code: string; hint?: string };
}

/**
 * What the editor is told when a request fails: our typed error's message and code (never a stack trace). An
 * unknown session is "resource not found"; a request we refuse is "invalid params"; anything else is internal.
 */
export function toProtocolError(error: unknown): ProtocolError {
  if (
    error instanceof AcpSessionNotFoundError ||
    (ArtError.isInstance(error) && error.code === "session.not_found")
  )
    return { code: RESOURCE_NOT_FOUND, message: error.message, data: { code: (error as ArtError).code } };
  if (ArtError.isInstance(error)) {
    const invalid =
      error instanceof AcpRequestError ||
      error.code === "usage" ||
      error.code.startsWith("config.") ||
      error.code.startsWith("mcp.config") ||
      error.code === "input.invalid";
    return {
      code: invalid ? INVALID_PARAMS : INTERNAL_ERROR,
      message: error.message,
      data: { code: error.code, ...(error.hint ? { hint: error.hint } : {}) },
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: INTERNAL_ERROR, message: `internal error: ${message}`, data: { code: "internal" } };
}
