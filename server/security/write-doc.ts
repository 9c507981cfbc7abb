// `npm run docs:security`: rewrites the permission table in docs/security.md
// from server/security/permissions.ts (permissions.test.ts checks they agree).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderPermissionTable } from './permissions.ts';

const file = join(import.meta.dirname, '../../docs/security.md');
const doc = readFileSync(file, 'utf8');
const re = /(<!-- permission-table:start[^>]*-->\n)[\s\S]*?(\n<!-- permission-table:end -->)/;
if (!re.test(doc)) throw new Error('docs/security.md has no permission-table markers');
writeFileSync(
  file,
  doc.replace(re, (_m, start: string, end: string) => start + renderPermissionTable() + end),
);
