// Shape of a CLI command. Each command lives in its own file under commands/.
export interface Command {
  name: string;
  /** Full help: usage line, options, examples. */
  help: string;
  run(argv: string[]): Promise<number>;
}

/** Exit codes shared by every command (scripts and cron rely on them). */
export const EXIT = {
  ok: 0,
  /** Some documents failed; the others loaded. */
  someFailed: 1,
  /** Bad usage or configuration. */
  usage: 2,
  /** Another run holds the database lock. */
  locked: 3,
  /** Fatal error: nothing or not everything could be attempted. */
  fatal: 4,
} as const;
