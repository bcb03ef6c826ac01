import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * `http://127.0.0.1:<port>` for a port that was free a moment ago: binding and closing it leaves nothing listening,
 * so connecting is refused (`ECONNREFUSED`) the way a stopped local model server refuses.
 */
export function refusedUrl(): Promise<string> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(`http://127.0.0.1:${port}`));
    });
  });
}
