/**
 * The README shows the example workflows users copy: each ```yaml block that starts with an
 * example's first line (its title comment) is that file, verbatim, so the README never drifts
 * from examples/workflows/ (which actionlint and test/unit/workflows.test.ts check).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const readmePath = join(repositoryRoot, 'README.md');
export const examplesFolder = join(repositoryRoot, 'examples', 'workflows');

/** Every example workflow by file name. */
export function readExamples(folder = examplesFolder): Map<string, string> {
  const examples = new Map<string, string>();
  for (const name of readdirSync(folder).filter((f) => /\.ya?ml$/.test(f)).sort()) examples.set(name, readFileSync(join(folder, name), 'utf8'));
  return examples;
}

/** The README with each example block replaced by the current file; throws on a block naming no example. */
export function withExamples(readme: string, examples: Map<string, string>): string {
  return readme.replace(/```yaml\n([\s\S]*?)```/g, (block, body: string) => {
    const title = body.split('\n')[0]!;
    if (!title.startsWith('# ')) return block;
    const match = [...examples.values()].find((text) => text.split('\n')[0] === title);
    if (!match) throw new Error(`README.md: the yaml block titled ${JSON.stringify(title)} is no file of examples/workflows/`);
    return `\`\`\`yaml\n${match}\`\`\``;
  });
}
