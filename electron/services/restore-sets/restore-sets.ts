/**
 * The restore sets of this session, by folder: inspected when opened and kept, so the detail
 * views, the pre-flight and the plan read the same inspection. Only opened folders are read.
 */
import type { ClientTool } from '../../core/binaries/types';
import { inspectFolder, type Inspection } from '../../core/inspect';
import type { OpenedFolders } from './opened-folders';

export class RestoreSets {
  private readonly inspections = new Map<string, Inspection>();

  constructor(private readonly folders: OpenedFolders, private readonly tools: () => Promise<ClientTool[]>) {}

  /** Reads the (opened) folder again and keeps the result. */
  async inspect(folder: string): Promise<Inspection> {
    const path = await this.folders.check(folder);
    const inspection = await inspectFolder(path, await this.tools());
    this.inspections.set(inspection.set.folder, inspection);
    return inspection;
  }

  /** The folder's inspection: as opened, or read now when it was opened but not yet read. */
  async get(folder: string): Promise<Inspection> {
    const path = await this.folders.check(folder);
    return this.inspections.get(path) ?? this.inspect(path);
  }
}
