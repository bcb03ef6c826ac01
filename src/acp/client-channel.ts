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
}
