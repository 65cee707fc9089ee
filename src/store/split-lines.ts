/**
 * Splits a byte stream into '\n'-terminated lines in time linear in its length, with a maximum line
 * length and a maximum number of lines. Pure: bytes in, lines out; the caller does the I/O.
 *
 * Why bytes and not text: searching for '\n' only in the newest chunk, and joining a long line's
 * pieces once when its end arrives, keeps the work proportional to the input. The earlier reader
 * appended each chunk to the unfinished line and searched the whole string again, which is
 * quadratic in the length of a line (a 30 KB gzip of one 30 MB line took over two minutes).
 */

export type LineLimitKind = 'line-too-long' | 'too-many-lines';

/** Thrown by LineSplitter when the input breaks a limit; the reader turns it into a located error. */
export class LineLimitError extends Error {
  readonly kind: LineLimitKind;
  /** 1-based number of the line that broke the limit. */
  readonly line: number;
  constructor(kind: LineLimitKind, line: number, message: string) {
    super(message);
    this.name = 'LineLimitError';
    this.kind = kind;
    this.line = line;
  }
}

export interface LineLimits {
  /** Longest line accepted, in bytes, without its '\n'. */
  maxLineBytes: number;
  /** Most lines accepted (a last line without '\n' counts). */
  maxLines: number;
}

const NEWLINE = 0x0a;

/** Human size: 1 MiB, 512 KiB, 300 bytes. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

export class LineSplitter {
  private readonly limits: LineLimits;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Lines completed so far. */
  lines = 0;

  constructor(limits: LineLimits) {
    this.limits = limits;
  }

  /** The complete lines `chunk` finishes, decoded as UTF-8, without their '\n'. */
  push(chunk: Buffer): string[] {
    const out: string[] = [];
    const first = chunk.indexOf(NEWLINE);
    if (first === -1) {
      this.keep(chunk, 0);
      return out;
    }
    // The line begun in earlier chunks (or at this one's start) ends here.
    this.grow(first);
    const piece = chunk.subarray(0, first);
    const line = this.pending.length === 0 ? piece : Buffer.concat([...this.pending, piece], this.pendingBytes + piece.length);
    this.pending = [];
    this.pendingBytes = 0;
    this.countLine();
    out.push(line.toString('utf8'));
    const last = chunk.lastIndexOf(NEWLINE);
    if (last > first && last - first - 1 <= this.limits.maxLineBytes) {
      // The lines between fit the limit whatever their lengths: decoded at once and split as text,
      // not a Buffer view and a decode per line. A '\n' byte is never part of a multi-byte UTF-8
      // sequence, so the text splits into what decoding line by line gives.
      const text = chunk.toString('utf8', first + 1, last);
      let start = 0;
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
        this.countLine();
        out.push(text.slice(start, nl));
        start = nl + 1;
      }
      this.countLine();
      out.push(text.slice(start));
    } else {
      let start = first + 1;
      for (let nl = chunk.indexOf(NEWLINE, start); nl !== -1; nl = chunk.indexOf(NEWLINE, start)) {
        this.grow(nl - start);
        this.countLine();
        out.push(chunk.toString('utf8', start, nl));
        start = nl + 1;
      }
    }
    this.keep(chunk, last + 1);
    return out;
  }

  /** Keeps the bytes of `chunk` from `start` as the beginning of the next line. */
  private keep(chunk: Buffer, start: number): void {
    if (start >= chunk.length) return;
    this.grow(chunk.length - start);
    this.pending.push(chunk.subarray(start));
    this.pendingBytes += chunk.length - start;
  }

  /** The last line, when the input did not end with '\n'. */
  end(): string | undefined {
    if (this.pending.length === 0) return undefined;
    const line = Buffer.concat(this.pending, this.pendingBytes).toString('utf8');
    this.pending = [];
    this.pendingBytes = 0;
    this.countLine();
    return line;
  }

  private grow(bytes: number): void {
    if (this.pendingBytes + bytes > this.limits.maxLineBytes) {
      throw new LineLimitError('line-too-long', this.lines + 1, `line ${this.lines + 1} is longer than ${formatBytes(this.limits.maxLineBytes)}, the limit for one record`);
    }
  }

  private countLine(): void {
    this.lines += 1;
    if (this.lines > this.limits.maxLines) {
      throw new LineLimitError('too-many-lines', this.lines, `more than the ${this.limits.maxLines.toLocaleString('en-US')} records the manifest lists`);
    }
  }
}
