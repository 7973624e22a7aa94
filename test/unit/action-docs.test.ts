/**
 * docs/github-action.md documents action.yml: its generated inputs and outputs tables match
 * action.yml exactly, and the JSON policies it shows are valid JSON.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readActionYml } from '../../scripts/action-yml.ts';
import { docPath, endMarker, inputsTables, startMarker, withTables } from '../../scripts/inputs-table.ts';

const document = readFileSync(docPath, 'utf8');
const action = readActionYml();

describe('docs/github-action.md', () => {
  it('holds the inputs and outputs tables generated from action.yml (npx tsx scripts/inputs-table.ts --write)', () => {
    assert.ok(document.includes(startMarker) && document.includes(endMarker), 'the generated section is marked');
    assert.equal(withTables(document, inputsTables(action)), document);
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
