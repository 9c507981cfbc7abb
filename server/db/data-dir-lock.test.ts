import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirInUseError, lockDataDir } from './data-dir-lock.ts';
import { openDatabase } from './database.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'doctorq-lock-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const lockFile = () => join(dir, 'doctorq.pid');

describe('the embedded database folder is one process at a time', () => {
  it('when the folder is open, then opening it again is refused until it is closed', async () => {
    const db = await openDatabase({ poolSize: 1, dataDir: dir });
    await expect(openDatabase({ poolSize: 1, dataDir: dir })).rejects.toBeInstanceOf(DataDirInUseError);
    await db.close();
    expect(existsSync(lockFile())).toBe(false);
    const again = await openDatabase({ poolSize: 1, dataDir: dir });
    expect(await again.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await again.close();
  });

  it('when another live process holds it, then the refusal names that process; once it is gone, its lock is taken over', async () => {
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      await writeFile(lockFile(), `${other.pid}\n`);
      await expect(lockDataDir(dir)).rejects.toThrow(`in use by process ${other.pid}`);
    } finally {
      other.kill();
      await new Promise((resolve) => other.once('exit', resolve));
    }
    const release = await lockDataDir(dir);
    await release();
  });

  it("when the lock names a process that is gone, or this process's own number from an earlier life, then it is taken over", async () => {
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    for (const holder of [gone, process.pid]) {
      await writeFile(lockFile(), `${holder}\n`);
      const release = await lockDataDir(dir);
      await release();
    }
  });

  it('when npm start finds the folder held, then it exits 2 saying who holds it, before opening anything', async () => {
    const release = await lockDataDir(dir);
    await writeFile(join(dir, 'index.html'), '<!doctype html>');
    try {
      const { DATABASE_URL: _, ...env } = process.env;
      const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '..', 'start.ts')], {
        env: { ...env, DATA_DIR: dir, CLIENT_DIR: dir, PORT: '0' },
      });
      let stderr = '';
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(2);
      expect(stderr).toContain(`in use by process ${process.pid}`);
      expect(existsSync(join(dir, 'PG_VERSION'))).toBe(false);
    } finally {
      await release();
    }
  }, 60_000);
});
