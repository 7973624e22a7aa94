/**
 * docs/github-action.md documents action.yml: its generated inputs and outputs tables match
 * action.yml exactly, and the JSON policies it shows are valid JSON. Each sub-action's README
 * (backup/, restore/, verify/) holds its own action.yml's tables the same way, and its example
 * step passes only inputs that sub-action declares.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readActionYml } from '../../scripts/action-yml.ts';
import { docPath, endMarker, inputsTables, startMarker, tableDocuments, withTables } from '../../scripts/inputs-table.ts';

const document = readFileSync(docPath, 'utf8');
const action = readActionYml();

describe('docs/github-action.md', () => {
  it('holds the inputs and outputs tables generated from action.yml (npx tsx scripts/inputs-table.ts --write)', () => {
    assert.ok(document.includes(startMarker) && document.includes(endMarker), 'the generated section is marked');
    assert.equal(withTables(document, inputsTables(action)), document);
  });

  it('every sub-action README holds the tables of its action.yml (npm run docs)', () => {
    assert.equal(tableDocuments.length, 5, 'the root action and four sub-actions');
    for (const { action: actionPath, doc } of tableDocuments.slice(1)) {
      const text = readFileSync(doc, 'utf8');
      const metadata = readActionYml(actionPath);
      assert.equal(withTables(text, inputsTables(metadata)), text, `${doc} is up to date`);
      for (const { name } of [...metadata.inputs, ...metadata.outputs]) {
        assert.equal(text.split('\n').filter((l) => l.startsWith(`| \`${name}\` |`)).length, 1, `${doc}: one row for ${name}`);
      }
      if (metadata.inputs.some((i) => i.required)) assert.match(text, /\*\*required\*\*/, `${doc} marks the required inputs`);
    }
  });

  it('the example step of each sub-action README passes only its inputs, and every required one', () => {
    for (const { action: actionPath, doc } of tableDocuments.slice(1)) {
      const text = readFileSync(doc, 'utf8');
      const metadata = readActionYml(actionPath);
      const lines = text.split('\n');
      const uses = lines.findIndex((l) => /uses: your-org\/pullback\/(backup|restore|verify|prune)@v1$/.test(l));
      assert.ok(uses >= 0, `${doc} shows a step using the sub-action`);
      assert.match(lines[uses - 1] ?? '', /- id: |- name: /);
      assert.match(lines[uses + 1] ?? '', /^\s+with:$/);
      const given: string[] = [];
      for (const line of lines.slice(uses + 2)) {
        const field = /^ {10}([a-z0-9-]+):/.exec(line);
        if (!field) break;
        given.push(field[1]!);
      }
      assert.ok(given.length >= 3, `${doc}: the step's inputs are read (${given.join(', ')})`);
      for (const name of given) assert.ok(metadata.inputs.some((i) => i.name === name), `${doc}: ${name} is an input of ${actionPath}`);
      for (const input of metadata.inputs.filter((i) => i.required)) assert.ok(given.includes(input.name), `${doc}: the required ${input.name} is given`);
    }
  });

  it('lists every input and output once', () => {
    for (const { name } of [...action.inputs, ...action.outputs]) {
      const rows = document.split('\n').filter((l) => l.startsWith(`| \`${name}\` |`));
      assert.equal(rows.length, 1, `one row for ${name}`);
    }
  });

  it('action.yml: node24, the bundle, every input described', () => {
    assert.equal(action.using, 'node24');
    assert.equal(action.main, 'dist/index.js');
    for (const input of action.inputs) assert.ok(input.description.length > 10, `${input.name} has a description`);
    for (const output of action.outputs) assert.ok(output.description.length > 5, `${output.name} has a description`);
  });

  it('shows the IAM and trust policies as valid JSON with the actions pullback calls', () => {
    const policies = [...document.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]!) as { Statement: { Action: string | string[] }[] });
    assert.ok(policies.length >= 3, 'trust, source and destination policies');
    const actions = new Set(policies.flatMap((p) => p.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]))));
    for (const needed of ['sts:AssumeRoleWithWebIdentity', 's3:ListBucket', 's3:ListBucketVersions', 's3:GetBucketVersioning', 's3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:AbortMultipartUpload', 'sdb:Select', 'sdb:DomainMetadata']) {
      assert.ok(actions.has(needed), `a policy grants ${needed}`);
    }
    assert.ok(!actions.has('s3:DeleteObject'), 'no policy for a backup grants s3:DeleteObject');
  });
});
