/**
 * The layers of packages/api/src point one way: entry points → runtime/ →
 * http/ → rest/ → trpc/ → protocol/. A file may import its own layer or one
 * below it, never one above, and no two folders import each other (read from
 * the source's import statements).
 */
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { folderCycles, folderGraph, layering, localImports, sourceFiles } from "../../../test-support/import-graph.js";

const SRC = resolve(import.meta.dirname, "../src");
/** Top to bottom. Files directly in src/ are the entry points. */
const LAYERS = ["", "runtime", "http", "rest", "trpc", "protocol"];
const { rank, upwardEdges } = layering(SRC, LAYERS);

describe("packages/api/src's import graph", () => {
  const files = sourceFiles(SRC);

  it("puts every file in a known layer", () => {
    expect(files.filter((file) => rank(file) === -1).map((file) => relative(SRC, file))).toEqual([]);
  });

  it("has no import running up a layer", () => {
    expect(upwardEdges(files)).toEqual([]);
  });

  it("has no folders importing each other, directly or in a circle", () => {
    expect(folderCycles(folderGraph(SRC, files))).toEqual([]);
  });

  it("would report one (the check can fail)", () => {
    const file = join(SRC, "protocol/problem.ts");
    const upward = 'import { createApp } from "../http/app.js";';
    expect(localImports(SRC, file, upward).map((t) => relative(SRC, t))).toEqual(["http/app.ts"]);
    expect(upwardEdges([file], (f) => localImports(SRC, f, upward))).toEqual(["protocol/problem.ts → http/app.ts"]);
    const withUpward = (f: string) => (f === file ? localImports(SRC, f, upward) : localImports(SRC, f));
    const circle = folderCycles(folderGraph(SRC, files, withUpward)).map((cycle) => cycle.split(" ⇄ "));
    expect(circle.filter((folders) => folders.includes("http") && folders.includes("protocol"))).toHaveLength(1);
  });
});
