/** The resolved configuration of one run: one section of migrator.ini, or the defaults with DATABASE_URL. */
export interface Config {
  /** Absolute path of the config file, or null when running without one. */
  readonly file: string | null;
  /** The section read (`-n/--name`), "migrator" by default. */
  readonly section: string;
  /** Directory of the config file (what `%(here)s` expands to), or the working directory. */
  readonly here: string;
  /** Absolute path of the migrations folder (holds the revision template and `versions/`). */
  readonly scriptLocation: string;
  /** Absolute paths of every folder holding revisions; by default `<scriptLocation>/versions`. */
  readonly versionLocations: readonly string[];
  /** File name template for new revisions; tokens %(rev)s %(slug)s %(year)d %(month).2d %(day).2d %(hour).2d %(minute).2d %(second).2d %(epoch)s. */
  readonly fileTemplate: string;
  /** Longest slug kept in file names. */
  readonly truncateSlugLength: number;
  /** IANA time zone for dates in new revisions, or null for UTC. */
  readonly timezone: string | null;
  /** Database URL, or null when none is configured (offline work only). */
  readonly url: string | null;
  /** Name of the version table. */
  readonly versionTable: string;
  /** Schema of the version table, or null for the default schema. */
  readonly versionTableSchema: string | null;
  /**
   * The server version an offline script is written for (`server_version`, `--server-version`: "16",
   * "8.0.36", "MariaDB 10.11"); unset: the oldest supported one. Online the server says its own.
   */
  readonly serverVersion?: string;
  /** Commit after each revision instead of once for the whole run. */
  readonly transactionPerMigration: boolean;
  /** How long to wait for another process's migration lock, in milliseconds. */
  readonly lockTimeoutMs: number;
  /**
   * How long one statement of a migration may wait for a lock another session holds on what it changes
   * (`table_lock_timeout`, `--table-lock-timeout`), in milliseconds; 0 = as long as it takes. Default 60 s.
   */
  readonly tableLockTimeoutMs: number;
  /** How long one connection attempt may take (`connect_timeout`, `--connect-timeout`), in milliseconds. */
  readonly connectTimeoutMs: number;
  /** What set connectTimeoutMs, named by the error when it passes; unset: the default. */
  readonly connectTimeoutFrom?: string;
  /**
   * How long a statement may go without the server answering (`network_timeout`, `--network-timeout`)
   * before the connection counts as lost, in milliseconds; 0 = as long as it takes. Default 60 s.
   */
  readonly networkTimeoutMs: number;
  /** What set networkTimeoutMs, named by the error when it passes; unset: the default. */
  readonly networkTimeoutFrom?: string;
  /** How long to keep retrying the first connection (`--wait`, `wait_timeout`), in milliseconds; 0 = no retry. */
  readonly waitMs: number;
  /** Also read revisions in subfolders of each version location. */
  readonly recursiveVersionLocations: boolean;
  /** Language of new revisions: "ts" (default) or "sql". */
  readonly revisionLanguage: "ts" | "sql";
  /** Sections of the databases this section runs in turn (multidb template), or [] for a single database. */
  readonly databases: readonly string[];
  /** Every key of the section, after interpolation (visible to migrations as `op.config`). */
  readonly options: Readonly<Record<string, string>>;
  /** Keys of the file that look like misspelt settings (ignored), for the CLI to print; none if unset. */
  readonly warnings?: readonly string[];
}
