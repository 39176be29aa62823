import { createStore, get, set, setMany } from 'idb-keyval';

import {
  workspaceFromRecord,
  workspaceRecord,
  type Workspace,
} from '../../fleet/index.ts';

/**
 * The workspace kept in this browser (IndexedDB): one record with the inputs,
 * and each of the user's files once under its SHA-256, so that saving every
 * second does not copy a 5 MiB artifact every second.
 */
const store = createStore('mcu-fleet-simulator', 'workspace');
const CURRENT = 'current';
const fileKey = (sha256: string) => `file:${sha256}`;

interface StoredRecord {
  readonly document: unknown;
  readonly files: readonly { sha256: string; name: string }[];
}

/** Files already written in this page's lifetime; content-addressed, so never rewritten. */
const filesWritten = new Set<string>();

export async function saveWorkspace(workspace: Workspace): Promise<void> {
  const record: StoredRecord = workspaceRecord(workspace);
  const newFiles = workspace.files.filter((file) => !filesWritten.has(file.sha256));
  if (newFiles.length > 0) {
    await setMany(
      newFiles.map((file) => [fileKey(file.sha256), file.bytes]),
      store,
    );
    for (const file of newFiles) filesWritten.add(file.sha256);
  }
  await set(CURRENT, record, store);
}

/** The saved workspace, checked as an imported file is; undefined when none was saved. */
export async function loadSavedWorkspace(): Promise<Workspace | undefined> {
  const record = await get<StoredRecord>(CURRENT, store);
  if (record === undefined) return undefined;
  const files = await Promise.all(
    record.files.map(async ({ sha256, name }) => {
      const bytes = await get<Uint8Array>(fileKey(sha256), store);
      // A missing file fails the workspace's own check, which names the upload.
      if (bytes !== undefined) filesWritten.add(sha256);
      return { sha256, name, bytes: bytes ?? new Uint8Array() };
    }),
  );
  return workspaceFromRecord(record.document, files, 'saved in this browser');
}
