/**
 * The layers of packages/api/src point one way: entry points → runtime/ →
 * http/ → rest/ → trpc/ → protocol/ and outbound/ (the webhooks' sender,
 * ciphers and URL policy, side by side at the bottom). A file may import its own layer or one
 * below it, never one above, and no two folders import each other (read from
 * the source's import statements).
 */
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { checkLayers, folderCycles, folderGraph, localImports } from "../../../test-support/import-graph.js";

const SRC = resolve(import.meta.dirname, "../src");
/** Top to bottom. Files directly in src/ are the entry points. */
const LAYERS = ["", "runtime", "http", "rest", "trpc", ["protocol", "outbound"]];

describe("packages/api/src's import graph", () => {
  const { files, rank, upwardEdges } = checkLayers(SRC, LAYERS);

  it("would report one (the check can fail)", () => {
    const file = join(SRC, "protocol/problem.ts");
    const upward = 'import { createApp } from "../http/app.js";';
    expect(localImports(SRC, file, upward).map((t) => relative(SRC, t))).toEqual(["http/app.ts"]);
    expect(rank(join(SRC, "http/app.ts"))).toBeLessThan(rank(file));
    expect(upwardEdges([file], (f) => localImports(SRC, f, upward))).toEqual(["protocol/problem.ts → http/app.ts"]);
    const withUpward = (f: string) => (f === file ? localImports(SRC, f, upward) : localImports(SRC, f));
    const circles = folderCycles(folderGraph(SRC, files, withUpward)).map((cycle) => cycle.split(" ⇄ "));
    expect(circles.filter((folders) => folders.includes("http") && folders.includes("protocol"))).toHaveLength(1);
  });
});
