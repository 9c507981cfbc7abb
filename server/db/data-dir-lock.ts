// The embedded database's folder belongs to one process at a time. PGlite
// takes no lock of its own: a second `npm start` on the same DATA_DIR (in
// another terminal, on another port) opened the folder beside the first, and
// each wrote over the other's pages. As Postgres does with postmaster.pid, a
// file in the folder names the process holding it; it is created whole or
// not at all (linked into place), and one naming a process that is gone (a
// crash, or a container's restarted PID 1 that is this process) is taken over.
import { link, readFile, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const LOCK_FILE = 'doctorq.pid';
/** Folders this process holds: opening one twice in one process is the same mistake. */
const heldHere = new Set<string>();

export class DataDirInUseError extends Error {}

/** Takes the folder (which must exist) for this process; resolves to its release. */
export async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  const path = join(resolve(dir), LOCK_FILE);
  if (heldHere.has(path)) throw new DataDirInUseError(`${dir} is already open in this process`);
  const draft = `${path}.${process.pid}`;
  await writeFile(draft, `${process.pid}\n`);
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await link(draft, path);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const holder = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
      if ((holder > 0 && holder !== process.pid && alive(holder)) || attempt === 3) {
        throw new DataDirInUseError(
          `${dir} is in use by process ${holder} (another npm start?): stop it, or set DATA_DIR to another folder`,
        );
      }
      await unlink(path).catch(() => {});
    }
  } finally {
    await unlink(draft).catch(() => {});
  }
  heldHere.add(path);
  return async () => {
    heldHere.delete(path);
    await unlink(path).catch(() => {});
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, as another user's process.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
