// The app's routes as the permission table lists them (server/security/permissions.ts),
// made concrete for a request: the fuzz and isolation tests derive their targets
// from the table, so a route added to it (as permissions.test.ts demands of every
// new route) is fuzzed and checked without anyone listing it again.
import { CollectionName } from '../shared/schemas.ts';
import { PERMISSIONS, type RouteRow } from '../server/security/permissions.ts';

/** A value for each path parameter; `collection` expands to every replicated collection. */
export interface PathIds {
  clinicId: string;
  userId: string;
  deviceId: string;
  invitationId: string;
  doctorId: string;
  provider: string;
}

export interface Target {
  row: RouteRow;
  /** `METHOD /path/as/in/the/table`. */
  key: string;
  method: RouteRow['method'];
  path: string;
}

export const rowKey = (row: RouteRow) => `${row.method} ${row.path}`;

/** The concrete paths of one row; throws on a parameter it has no value for, so a new kind of id fails loudly. */
export function concretePaths(row: RouteRow, ids: PathIds): string[] {
  const names = [...row.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
  let paths = [row.path];
  for (const name of names) {
    if (name === 'collection') {
      paths = paths.flatMap((p) => CollectionName.options.map((c) => p.replace(':collection', c)));
      continue;
    }
    if (!(name in ids)) throw new Error(`${rowKey(row)}: no test value for the path parameter :${name} (add it to PathIds)`);
    paths = paths.map((p) => p.replace(`:${name}`, encodeURIComponent(ids[name as keyof PathIds])));
  }
  return paths;
}

/** Every route of the table (the static pages aside), made concrete with `ids`. */
export function targets(ids: PathIds, keep: (row: RouteRow) => boolean = () => true): Target[] {
  return PERMISSIONS.filter((row) => row.source !== null && keep(row)).flatMap((row) =>
    concretePaths(row, ids).map((path) => ({ row, key: rowKey(row), method: row.method, path })),
  );
}
