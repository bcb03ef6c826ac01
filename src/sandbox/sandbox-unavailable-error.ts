import { ArtError } from "../core/index.js";

/** A sandbox layer the policy needs. */
export type SandboxLayer = "platform" | "launcher" | "landlock" | "seccomp" | "namespaces";

/**
 * The policy asks for protection this machine cannot give, so the command was not run (fail closed). `layer` names
 * what is missing; the hint says how to fix it.
 */
export class SandboxUnavailableError extends ArtError {
  /** The missing layer. */
  readonly layer: SandboxLayer;

  constructor(layer: SandboxLayer, message: string, hint: string) {
    super("sandbox.unavailable", message, { hint });
    this.layer = layer;
  }
}
