// Types of require-node.mjs (plain JavaScript so that an old Node can run it and be told why not).
export function requiredMajor(engines: string | undefined): number;
export function nodeProblem(version: string, execPath: string, required: number): string | undefined;
