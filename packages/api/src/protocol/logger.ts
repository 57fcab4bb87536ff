/** Structured JSON log lines: the type every layer logs through, and the default sink. */
export type LogLevel = "info" | "error" | "silent";
export type LogEntry = Record<string, unknown> & { level: "info" | "warn" | "error"; msg: string };
export type Logger = ((entry: LogEntry) => void) & { level?: LogLevel };

export const LOG_LEVELS: readonly LogLevel[] = ["info", "error", "silent"];
const RANK = { info: 0, warn: 1, error: 2, silent: 3 } as const;

/** Whether a logger at `level` drops entries of `entry`'s level. */
export const drops = (level: LogLevel | undefined, entry: keyof typeof RANK) => level !== undefined && RANK[entry] < RANK[level];

/** JSON lines on stdout (errors on stderr), from `level` up. */
export function jsonLogger(level: LogLevel = "info"): Logger {
  const log: Logger = (entry) => {
    if (drops(level, entry.level)) return;
    const line = JSON.stringify({ time: new Date().toISOString(), ...entry });
    if (entry.level === "error") console.error(line);
    else console.log(line);
  };
  log.level = level;
  return log;
}

/** An error as a log field: name, message and stack (never sent to clients). */
export const errorField = (error: unknown) =>
  error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error);
