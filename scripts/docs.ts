/**
 * `npm run docs`: rewrites every generated file after a change to action.yml,
 * src/action/sub-action-inputs.ts or examples/workflows/:
 * - backup/, restore/ and verify/action.yml (scripts/sub-actions.ts);
 * - the inputs and outputs tables of docs/github-action.md and the sub-action READMEs
 *   (scripts/inputs-table.ts);
 * - the README's copies of the example workflows (scripts/readme-examples.ts);
 * - the CLI's help texts, src/cli/input-docs.ts (scripts/cli-inputs.ts).
 * The unit tests fail while any of them is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { writeCliInputDocs } from './cli-inputs.ts';
import { writeTables } from './inputs-table.ts';
import { readExamples, readmePath, withExamples } from './readme-examples.ts';
import { writeSubActions } from './sub-actions.ts';

for (const path of writeSubActions()) console.log(`updated ${path}`);
for (const path of writeTables()) console.log(`updated ${path}`);
writeFileSync(readmePath, withExamples(readFileSync(readmePath, 'utf8'), readExamples()));
console.log(`updated ${readmePath}`);
console.log(`updated ${writeCliInputDocs()}`);
