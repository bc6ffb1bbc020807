/**
 * Amplify's `ConsoleLogger`: `new ConsoleLogger(name, level = 'WARN')` writes `[LEVEL] mm:ss.ms name - message`
 * to the console for messages at or above its level. `ConsoleLogger.LOG_LEVEL` (or `window.LOG_LEVEL`)
 * overrides every logger's level, e.g. `'DEBUG'` while debugging.
 */
export type LogLevel = 'VERBOSE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'NONE';

const LEVELS: Record<string, number> = { VERBOSE: 1, DEBUG: 2, INFO: 3, WARN: 4, ERROR: 5, NONE: 6 };

/** A log sink (`addPluggable`); Amplify only accepts its CloudWatch category. */
export interface LoggingProvider {
  getProviderName(): string;
  getCategoryName(): string;
  configure(config?: object): object;
  pushLogs(logs: { timestamp: number | undefined; message: string | undefined }[]): void;
}

const pad = (n: number) => String(n).padStart(2, '0');

export class ConsoleLogger {
  static LOG_LEVEL: LogLevel | null = null;
  static BIND_ALL_LOG_LEVELS = false;

  readonly name: string;
  level: LogLevel | string;
  #config: object | undefined;
  readonly #pluggables: LoggingProvider[] = [];

  constructor(name: string, level: LogLevel | string = 'WARN') {
    this.name = name;
    this.level = level;
  }

  configure(config?: object): object | undefined {
    if (config) this.#config = config;
    return this.#config;
  }

  #log(type: Exclude<LogLevel, 'NONE'>, msg: unknown[]): void {
    const windowLevel = (globalThis as { window?: { LOG_LEVEL?: string } }).window?.LOG_LEVEL;
    const threshold = LEVELS[windowLevel || ConsoleLogger.LOG_LEVEL || this.level];
    if (!(LEVELS[type]! >= threshold!)) return;
    const method =
      type === 'ERROR'
        ? 'error'
        : type === 'WARN'
          ? 'warn'
          : ConsoleLogger.BIND_ALL_LOG_LEVELS && type !== 'VERBOSE'
            ? (type.toLowerCase() as 'info' | 'debug')
            : 'log';
    const now = new Date();
    const prefix = `[${type}] ${pad(now.getMinutes())}:${pad(now.getSeconds())}.${now.getMilliseconds()} ${this.name}`;
    const [first, ...rest] = msg;
    let message: string;
    if (typeof first === 'string') {
      message = `${prefix} - ${first}${rest.length ? ` ${rest.length === 1 ? rest[0] : rest}` : ''}`;
      if (rest.length) console[method](`${prefix} - ${first}`, rest.length === 1 ? rest[0] : rest);
      else console[method](message);
    } else {
      message = `${prefix} ${msg.length === 1 ? first : msg}`;
      console[method](prefix, msg.length === 1 ? first : msg);
    }
    for (const pluggable of this.#pluggables) pluggable.pushLogs([{ message, timestamp: Date.now() }]);
  }

  log(...msg: unknown[]): void {
    this.#log('INFO', msg);
  }
  info(...msg: unknown[]): void {
    this.#log('INFO', msg);
  }
  warn(...msg: unknown[]): void {
    this.#log('WARN', msg);
  }
  error(...msg: unknown[]): void {
    this.#log('ERROR', msg);
  }
  debug(...msg: unknown[]): void {
    this.#log('DEBUG', msg);
  }
  verbose(...msg: unknown[]): void {
    this.#log('VERBOSE', msg);
  }

  addPluggable(pluggable: LoggingProvider): void {
    if (pluggable?.getCategoryName() === 'Logging') {
      this.#pluggables.push(pluggable);
      pluggable.configure(this.#config);
    }
  }

  listPluggables(): LoggingProvider[] {
    return this.#pluggables;
  }
}
