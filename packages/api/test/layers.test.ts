/**
 * The layers of packages/api/src point one way: entry points → runtime/ →
 * http/ → rest/ → trpc/ → protocol/. A file may import its own layer or one
 * below it, never one above (read from the source's import statements).
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve(import.meta.dirname, "../src");
/** Top to bottom. Files directly in src/ are the entry points. */
const LAYERS = ["", "runtime", "http", "rest", "trpc", "protocol"];

const layerOf = (file: string) => {
  const top = relative(SRC, file).split("/");
  return LAYERS.indexOf(top.length === 1 ? "" : top[0]!);
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [],
  );
}

/** Relative imports (`import … from "./x.js"`, `export … from`, `import("…")`), as source files. */
export function localImports(file: string, source = readFileSync(file, "utf8")): string[] {
  const specifiers = [...source.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)["'](\.{1,2}\/[^"']+)["']/g)].map((m) => m[1]!);
  return specifiers.map((specifier) => resolve(dirname(file), specifier).replace(/\.js$/, ".ts")).filter((target) => target.startsWith(SRC));
}

export function upwardEdges(files: string[]): string[] {
  return files.flatMap((file) =>
    localImports(file)
      .filter((target) => layerOf(target) < layerOf(file))
      .map((target) => `${relative(SRC, file)} → ${relative(SRC, target)}`),
  );
}

describe("packages/api/src's import graph", () => {
  const files = sourceFiles(SRC);

  it("puts every file in a known layer", () => {
    expect(files.filter((file) => layerOf(file) === -1).map((file) => relative(SRC, file))).toEqual([]);
  });

  it("has no import running up a layer", () => {
    expect(upwardEdges(files)).toEqual([]);
  });

  it("would report one (the check can fail)", () => {
    const file = join(SRC, "protocol/problem.ts");
    expect(localImports(file, 'import { createApp } from "../http/app.js";').map((t) => relative(SRC, t))).toEqual(["http/app.ts"]);
    expect(layerOf(join(SRC, "http/app.ts"))).toBeLessThan(layerOf(file));
  });
});
