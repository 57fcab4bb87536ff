/**
 * A package's import graph, read from its source's import statements: which
 * folder each file is in, imports that run up the declared layers, and
 * folders that import each other (directly or in a circle). The layers tests
 * of packages/api and packages/core read their packages with it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { expect, it } from "vitest";

/** Every .ts file under `dir`. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [],
  );
}

/** The top folder under `src` a file is in; "" for the files directly in `src`. */
export function folderOf(src: string, file: string): string {
  const parts = relative(src, file).split("/");
  return parts.length === 1 ? "" : parts[0]!;
}

/** Relative imports (`import … from "./x.js"`, `export … from`, `import("…")`) inside `src`, as source files. */
export function localImports(src: string, file: string, source = readFileSync(file, "utf8")): string[] {
  const specifiers = [...source.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)["'](\.{1,2}\/[^"']+)["']/g)].map((m) => m[1]!);
  return specifiers.map((specifier) => resolve(dirname(file), specifier).replace(/\.js$/, ".ts")).filter((target) => target.startsWith(src));
}

/**
 * The layers of a package, top to bottom: each a folder or several folders side
 * by side. A file may import its own layer or one below it, never one above.
 */
export function layering(src: string, layers: readonly (string | readonly string[])[]) {
  const rank = (file: string) => layers.findIndex((layer) => ([] as string[]).concat(layer).includes(folderOf(src, file)));
  return {
    rank,
    /** `from → to` for every import that runs up a layer. */
    upwardEdges: (files: string[], imports = (file: string) => localImports(src, file)) =>
      files.flatMap((file) =>
        imports(file)
          .filter((target) => rank(target) < rank(file))
          .map((target) => `${relative(src, file)} → ${relative(src, target)}`),
      ),
  };
}

/** Folder → the other folders its files import. */
export function folderGraph(src: string, files: string[], imports = (file: string) => localImports(src, file)): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of files) {
    const from = folderOf(src, file);
    const targets = graph.get(from) ?? new Set<string>();
    graph.set(from, targets);
    for (const target of imports(file)) if (folderOf(src, target) !== from) targets.add(folderOf(src, target));
  }
  return graph;
}

/** Each circle of folders importing each other (a strongly connected group of two or more), as `a ⇄ b ⇄ …`, sorted. */
export function folderCycles(graph: Map<string, Set<string>>): string[] {
  // Tarjan's strongly connected components.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      if (group.length > 1) cycles.push(group.map((folder) => folder || "(src)").sort().join(" ⇄ "));
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles.sort();
}

/**
 * The checks every package's layers test makes (inside its describe): each
 * file in a declared layer, no import running up, no folders in a circle.
 */
export function checkLayers(src: string, layers: readonly (string | readonly string[])[]) {
  const files = sourceFiles(src);
  const { rank, upwardEdges } = layering(src, layers);

  it("puts every file in a known layer", () => {
    expect(files.filter((file) => rank(file) === -1).map((file) => relative(src, file))).toEqual([]);
  });

  it("has no import running up a layer", () => {
    expect(upwardEdges(files)).toEqual([]);
  });

  it("has no folders importing each other, directly or in a circle (side by side ones included)", () => {
    expect(folderCycles(folderGraph(src, files))).toEqual([]);
  });

  return { files, rank, upwardEdges };
}
