import crypto from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

/** fsyncs a directory so a rename inside it survives a power cut. */
export async function syncDir(dir: string): Promise<void> {
  // Windows cannot open a directory at all (EISDIR/EPERM) and some file systems cannot fsync one;
  // either way the rename is still atomic, only its durability across a power cut is the OS's call.
  const handle = await fs.open(dir, 'r').catch(() => null);
  if (handle === null) return;
  try {
    await handle.sync();
  } catch {
    // See above.
  } finally {
    await handle.close();
  }
}

/** Writes `data` to a temp file beside `file`, fsyncs it, then renames it over `file`: never half-written. */
export async function writeFileDurably(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const handle = await fs.open(tmp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(tmp, file);
  await syncDir(path.dirname(file));
}

/**
 * fsyncs every file and folder under `dir`. Called on a staging folder before it is renamed into
 * place: the rename can reach the disk before the data of files written with plain writeFile/copyFile,
 * and a power cut would then leave empty or short files at the final path.
 */
export async function syncTree(dir: string): Promise<void> {
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await syncTree(full);
    else if (entry.isFile()) {
      // Windows flushes only a handle open for writing; a copied read-only file (mode 0444) opens read-only.
      const handle = await fs.open(full, 'r+').catch(() => fs.open(full, 'r'));
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
  }
  await syncDir(dir);
}

/**
 * Moves a fully written staging folder to `final` (which the caller has cleared): its files are
 * fsynced first, and the parent folder after the rename, so `final` is whole or absent after a crash.
 */
export async function publishFolder(staging: string, final: string): Promise<void> {
  await syncTree(staging);
  await fs.rename(staging, final);
  await syncDir(path.dirname(final));
}

/** A large file is hashed as it streams from disk, never held in memory whole. */
export async function sha256OfFile(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
