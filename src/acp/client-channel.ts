import type { EditorFiles } from "../tools/index.js";
import type {
  RequestPermissionRequest,
  RequestPermissionResponse,
  SessionNotification,
} from "./acp-types.js";

/** What a session needs of the editor: to be told what happens, and to be asked. */
export interface ClientChannel {
  /** Sends one `session/update` notification. */
  update(notification: SessionNotification): Promise<void>;
  /** Sends `session/request_permission`; aborting `signal` cancels the request (`$/cancel_request`). */
  requestPermission(
    request: RequestPermissionRequest,
    signal: AbortSignal,
  ): Promise<RequestPermissionResponse>;
  /**
   * The editor's files for one session (`fs/read_text_file`, `fs/write_text_file`), or undefined when its
   * `initialize` did not offer both: then our tools use the disk.
   */
  editorFiles(sessionId: string): EditorFiles | undefined;
}
