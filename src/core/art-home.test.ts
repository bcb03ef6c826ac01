import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveArtHome } from "./art-home.js";

describe("resolveArtHome", () => {
  it("prefers the explicit directory, then $ART_HOME, then ~/.art of the given environment", () => {
    expect(resolveArtHome({ ART_HOME: "/srv/art", HOME: "/home/u" }, "rel/dir")).toBe(
      path.resolve("rel/dir"),
    );
    expect(resolveArtHome({ ART_HOME: "/srv/art", HOME: "/home/u" })).toBe("/srv/art");
    expect(resolveArtHome({ ART_HOME: "relative", HOME: "/home/u" })).toBe(path.resolve("relative"));
    expect(resolveArtHome({ HOME: "/home/u" })).toBe("/home/u/.art");
  });

  it("takes an empty $ART_HOME as unset, never as the current directory", () => {
    expect(resolveArtHome({ ART_HOME: "", HOME: "/home/u" })).toBe("/home/u/.art");
  });
});
