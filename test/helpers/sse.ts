import { request, type IncomingMessage } from 'node:http';

export interface SseMessage {
  id: string | null;
  event: string | null;
  data: string;
}

/** A minimal Server-Sent Events reader over node:http, so tests see the exact frames the server writes. */
export class SseClient {
  readonly messages: SseMessage[] = [];
  readonly comments: string[] = [];
  #buffer = '';
  #response: IncomingMessage | null = null;
  #waiters: Array<() => void> = [];
  #req;

  constructor(url: string, headers: Record<string, string> = {}) {
    this.#req = request(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      this.#response = res;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => this.#feed(chunk));
      this.#wake();
    });
    this.#req.end();
  }

  get status(): number | undefined {
    return this.#response?.statusCode;
  }

  get headers(): IncomingMessage['headers'] | undefined {
    return this.#response?.headers;
  }

  async waitFor(predicate: () => boolean, timeoutMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline)
        throw new Error(`timed out; messages so far: ${JSON.stringify(this.messages).slice(0, 500)}`);
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  close(): void {
    this.#req.destroy();
  }

  #feed(chunk: string): void {
    this.#buffer += chunk;
    let cut: number;
    while ((cut = this.#buffer.indexOf('\n\n')) >= 0) {
      const block = this.#buffer.slice(0, cut);
      this.#buffer = this.#buffer.slice(cut + 2);
      const message: SseMessage = { id: null, event: null, data: '' };
      let hasData = false;
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
        else if (line.startsWith('id: ')) message.id = line.slice(4);
        else if (line.startsWith('event: ')) message.event = line.slice(7);
        else if (line.startsWith('data: ')) {
          message.data += line.slice(6);
          hasData = true;
        }
      }
      if (hasData) this.messages.push(message);
    }
    this.#wake();
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }
}
