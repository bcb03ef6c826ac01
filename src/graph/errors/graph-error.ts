import { ArtError } from "../../core/index.js";

/**
 * Base of the graph runtime's errors. `name` matches the LangGraph error class of the same meaning, so code that
 * checks `error.name` keeps working; `lc_error_code` carries LangGraph's troubleshooting code where it has one.
 */
export class GraphError extends ArtError {
  /** LangGraph's troubleshooting code, when there is one. */
  readonly lc_error_code?: string;

  constructor(name: string, code: string, message: string, lcErrorCode?: string) {
    super(code, message);
    this.name = name;
    if (lcErrorCode) this.lc_error_code = lcErrorCode;
  }
}
