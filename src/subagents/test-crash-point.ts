/**
 * Internal test hook, for the kill -9 tests of the bring-back only: with `ART_TEST_KILL_AT=<point>` in the
 * environment the process SIGKILLs itself when it reaches that named point — exactly what a crash there leaves.
 * Without the variable it is one comparison.
 */
export function testCrashPoint(point: string): void {
  if (process.env.ART_TEST_KILL_AT === point) process.kill(process.pid, "SIGKILL");
}
