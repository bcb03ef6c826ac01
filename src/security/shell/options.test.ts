import { describe, expect, it } from "vitest";
import { optionSpec, parseOptions, spellsLongOption } from "./options.js";

const sort = optionSpec("-r -S= -k= --reverse --buffer-size= --key=", "-o= --output= --compress-program=", {
  complete: true,
});

describe("parseOptions", () => {
  it("reads bundles the way getopt does: the first option with a value swallows the rest of the word", () => {
    expect(parseOptions(["-rS1k", "-ro", "out", "data"], sort)).toEqual({
      ok: true,
      options: [
        { name: "r", spelled: "-r", allowed: true },
        { name: "S", spelled: "-S1k", value: "1k", allowed: true },
        { name: "r", spelled: "-r", allowed: true },
        { name: "o", spelled: "-o out", value: "out", allowed: false },
      ],
      operands: ["data"],
    });
  });

  it("resolves an unambiguous prefix only when the option list is complete", () => {
    const complete = parseOptions(["--compress-prog=sh"], sort);
    expect(complete.ok && complete.options[0]).toMatchObject({
      name: "compress-program",
      value: "sh",
      allowed: false,
    });
    const partial = optionSpec("--reverse", "--output=");
    expect(parseOptions(["--rev"], partial)).toMatchObject({ ok: false });
    expect(parseOptions(["--re"], optionSpec("--reverse --recursive", "", { complete: true }))).toMatchObject(
      {
        ok: false,
        problem: expect.stringMatching(/ambiguous/),
      },
    );
  });

  it("takes the next word as a long option's value, and -- ends the options", () => {
    expect(parseOptions(["--output", "x", "--", "-o"], sort)).toMatchObject({
      ok: true,
      options: [{ name: "output", value: "x", allowed: false }],
      operands: ["-o"],
    });
  });

  it("keeps reading options after operands (GNU permutes) and refuses unknown ones", () => {
    expect(parseOptions(["data", "-o", "x"], sort)).toMatchObject({ ok: true, options: [{ name: "o" }] });
    expect(parseOptions(["-x"], sort)).toMatchObject({ ok: false });
    expect(parseOptions(["--reverse=1"], sort)).toMatchObject({ ok: false });
  });

  it("optional values are only taken when attached (git grep -O<pager>)", () => {
    const grep = optionSpec("-n", "-O=?", { complete: true });
    expect(parseOptions(["-nOsh", "PAT"], grep)).toMatchObject({
      ok: true,
      options: [{ name: "n" }, { name: "O", value: "sh", allowed: false }],
      operands: ["PAT"],
    });
    expect(parseOptions(["-O", "PAT"], grep)).toMatchObject({ ok: true, operands: ["PAT"] });
  });
});

describe("spellsLongOption", () => {
  it("matches the option and its prefixes, with or without a value", () => {
    expect(["--hard", "--har", "--h", "--hard=1"].map((arg) => spellsLongOption(arg, "hard", 1))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(["--hardly", "-h", "hard", "--"].map((arg) => spellsLongOption(arg, "hard", 1))).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});
