/**
 * Reports a rebuild's progress: a redrawn bar when `out` is a terminal, a plain line every few
 * seconds otherwise. `total` is counted before the rebuild reads the log, which grows meanwhile:
 * events read beyond it raise it, so the figures never show more done than there is (44,017/44,016).
 */
export class RebuildProgressReporter {
  private readonly started = Date.now();
  private lastLine = 0;

  constructor(
    private readonly name: string,
    private total: number,
    private readonly out: Pick<NodeJS.WriteStream, 'write' | 'isTTY'> = process.stdout,
  ) {}

  update(done: number): void {
    this.total = Math.max(this.total, done);
    const now = Date.now();
    const seconds = Math.max((now - this.started) / 1000, 0.001);
    const rate = done / seconds;
    const eta = rate > 0 && this.total > done ? Math.ceil((this.total - done) / rate) : 0;
    const figures = `${done.toLocaleString('en')}/${this.total.toLocaleString('en')} events  ${Math.round(rate).toLocaleString('en')} ev/s  ETA ${eta}s`;
    if (this.out.isTTY) {
      const width = 30;
      const filled = this.total ? Math.min(width, Math.round((done / this.total) * width)) : width;
      this.out.write(`\r${this.name} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${figures}   `);
    } else if (now - this.lastLine >= 2000) {
      this.lastLine = now;
      this.out.write(`${this.name}: ${figures}\n`);
    }
  }

  finish(done: number): void {
    const seconds = (Date.now() - this.started) / 1000;
    this.out.write(
      `${this.out.isTTY ? '\n' : ''}${this.name}: rebuilt from ${done.toLocaleString('en')} events in ${seconds.toFixed(1)} s\n`,
    );
  }
}
