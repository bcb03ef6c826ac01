import { ArtError } from "../../core/index.js";

/** An ACP request that is well-formed JSON-RPC but asks for something this agent cannot do, and why. */
export class AcpRequestError extends ArtError {
  constructor(message: string, hint?: string) {
    super("acp.bad_request", message, hint ? { hint } : {});
  }
}
