/**
 * paths.ts as stacks/ sees it: stacks/ is type-checked against SST's own Node
 * types, which the app's sources (written for the root's) do not meet.
 * paths.ts checks that it still matches these declarations.
 */
export declare const PATHS_OUTSIDE_DOCUMENT: readonly string[];
export declare function servedPaths(): string[];
