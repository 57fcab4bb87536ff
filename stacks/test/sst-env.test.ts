/**
 * packages/api/src/runtime/sst-env.d.ts is written by hand (`sst dev`/`sst
 * deploy` generate it, and both need AWS credentials and Pulumi), so this
 * derives what SST would write from the stacks and from SST's own components
 * (.sst/platform, from `sst install`, which `pnpm check:infra` runs) and
 * compares: each resource the function links (stacks/function.ts `link`),
 * under its component's name, with its SST type and its link properties.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const platform = join(root, ".sst/platform/src/components");

const parse = (path: string) => ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.Latest, true);

function* nodes(node: ts.Node): Generator<ts.Node> {
  yield node;
  for (const child of node.getChildren()) yield* nodes(child);
}

/** `sst.aws.Dynamo` for the expression `sst.aws.Dynamo`. */
const dotted = (node: ts.Expression): string => node.getText().replace(/\s+/g, "");

/** The keys of an object literal's `properties` (a link's). */
function propertyKeys(link: ts.ObjectLiteralExpression): string[] {
  const properties = link.properties.find((p) => p.name?.getText() === "properties");
  if (!properties || !ts.isPropertyAssignment(properties) || !ts.isObjectLiteralExpression(properties.initializer)) return [];
  return properties.initializer.properties.map((p) => p.name!.getText()).sort();
}

/** SST's component for `sst.aws.Dynamo` / `sst.Secret`: its type ("sst.aws.Dynamo") and its own link properties. */
function component(className: string): { type: string; properties: string[] } {
  const parts = className.split(".").slice(1);
  const file = join(platform, ...parts.slice(0, -1), `${parts.at(-1)!.toLowerCase()}.ts`);
  const source = parse(file);
  const pulumiType = [...nodes(source)].find(
    (n): n is ts.StringLiteral => ts.isStringLiteral(n) && /^sst:[a-z]+:[A-Za-z]+$/.test(n.text),
  );
  const getLink = [...nodes(source)].find(
    (n): n is ts.MethodDeclaration => ts.isMethodDeclaration(n) && n.name.getText() === "getSSTLink",
  );
  const returned = getLink && [...nodes(getLink)].find((n): n is ts.ReturnStatement => ts.isReturnStatement(n));
  const literal = returned?.expression && ts.isObjectLiteralExpression(returned.expression) ? returned.expression : undefined;
  return { type: pulumiType!.text.replaceAll(":", "."), properties: literal ? propertyKeys(literal) : [] };
}

/** What SST would declare in `Resource` for the function's links: name -> { type, properties }. */
function expectedResources(): Record<string, { type: string; properties: string[] }> {
  const stacks = join(root, "stacks");
  const fn = parse(join(stacks, "function.ts"));
  const linkProperty = [...nodes(fn)].find(
    (n): n is ts.PropertyAssignment => ts.isPropertyAssignment(n) && n.name.getText() === "link",
  );
  const linked = (linkProperty!.initializer as ts.ArrayLiteralExpression).elements.map((e) => e.getText());
  // Each linked identifier, from the stack file that imports it, to its `new sst.X("Name")`.
  const files = new Map(
    fn.statements
      .filter(ts.isImportDeclaration)
      .flatMap((d) => {
        const from = join(stacks, `${(d.moduleSpecifier as ts.StringLiteral).text}.ts`);
        const names = d.importClause?.namedBindings;
        return names && ts.isNamedImports(names) ? names.elements.map((e) => [e.name.text, from] as const) : [];
      }),
  );
  const resources: Record<string, { type: string; properties: string[] }> = {};
  for (const id of linked) {
    const source = parse(files.get(id)!);
    const declaration = [...nodes(source)].find(
      (n): n is ts.VariableDeclaration => ts.isVariableDeclaration(n) && n.name.getText() === id,
    )!;
    const created = declaration.initializer as ts.NewExpression;
    const className = dotted(created.expression);
    const name = (created.arguments![0] as ts.StringLiteral).text;
    const { type, properties } = component(className);
    // A stack may replace the component's link with its own (sst.Linkable.wrap(Class, (x) => ({ properties }))).
    const wrap = [...nodes(source)].find(
      (n): n is ts.CallExpression =>
        ts.isCallExpression(n) && dotted(n.expression) === "sst.Linkable.wrap" && dotted(n.arguments[0]!) === className,
    );
    const wrapped = wrap && [...nodes(wrap.arguments[1]!)].find((n): n is ts.ObjectLiteralExpression => ts.isObjectLiteralExpression(n));
    resources[name] = { type, properties: wrapped ? propertyKeys(wrapped) : properties };
  }
  return resources;
}

/** What sst-env.d.ts declares: name -> { type, properties (each `string`) }. */
function declaredResources() {
  const source = parse(join(root, "packages/api/src/runtime/sst-env.d.ts"));
  const resource = [...nodes(source)].find(
    (n): n is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(n) && n.name.text === "Resource",
  )!;
  const declared: Record<string, { type: string; properties: string[] }> = {};
  const propertyTypes = new Set<string>();
  for (const member of resource.members as ts.NodeArray<ts.PropertySignature>) {
    const members = (member.type as ts.TypeLiteralNode).members as ts.NodeArray<ts.PropertySignature>;
    const typeMember = members.find((m) => m.name.getText() === "type")!;
    const others = members.filter((m) => m !== typeMember);
    for (const m of others) propertyTypes.add(m.type!.getText());
    declared[member.name.getText()] = {
      type: ((typeMember.type as ts.LiteralTypeNode).literal as ts.StringLiteral).text,
      properties: others.map((m) => m.name.getText()).sort(),
    };
  }
  return { declared, propertyTypes: [...propertyTypes] };
}

describe("sst-env.d.ts (hand-written) is what SST would generate from the stacks", () => {
  it("declares each linked resource by name, with its SST type and link properties, and nothing else", () => {
    expect(existsSync(platform), "run `pnpm check:infra` first: `sst install` writes .sst/platform").toBe(true);
    const expected = expectedResources();
    // Something was found to compare (a parse that finds nothing would agree with an empty file).
    expect(Object.keys(expected).length).toBeGreaterThan(0);
    for (const resource of Object.values(expected)) expect(resource.properties.length).toBeGreaterThan(0);
    const { declared, propertyTypes } = declaredResources();
    expect(declared).toEqual(expected);
    // Every property linked here is a string (a table name, a secret's value).
    expect(propertyTypes).toEqual(["string"]);
  });
});
