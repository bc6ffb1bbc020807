/**
 * An HTTP gate for race tests: a trigger Lambda that calls it waits until the test opens the gate, so
 * a test can put an admin call or a second request at an exact point of another request, with no sleeps.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A gate: each request to it waits until the test opens it; `entered` resolves on the next request. */
export class Gate {
  readonly server: Server;
  #held: ServerResponse[] = [];
  #onEnter: Array<() => void> = [];
  arrivals = 0;
  constructor() {
    this.server = createServer((_req, res) => {
      this.arrivals++;
      this.#held.push(res);
      for (const f of this.#onEnter.splice(0)) f();
    });
  }
  /** Resolves once `n` requests have come in since the start. */
  async reached(n: number): Promise<void> {
    while (this.arrivals < n) await this.entered();
  }
  async listen(): Promise<string> {
    await new Promise<void>(r => this.server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }
  entered(): Promise<void> {
    return new Promise(r => this.#onEnter.push(r));
  }
  open(): void {
    for (const res of this.#held.splice(0)) res.end('go');
  }
  close(): Promise<void> {
    this.open();
    return new Promise(r => this.server.close(() => r()));
  }
}
