/** A PostgreSQL client program found on this machine. */
export type ToolName = 'pg_restore' | 'psql';
export type ToolSource = 'setting' | 'bundled' | 'path' | 'standard';

export interface ClientTool {
  name: ToolName;
  path: string;
  /** As the tool prints it, e.g. '15.18'. */
  version: string;
  major: number;
  source: ToolSource;
  /** Highest custom-archive format version ('1.14') this tool reads; pg_restore only. */
  maxArchiveVersion: string | null;
}
