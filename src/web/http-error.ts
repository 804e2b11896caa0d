/** A refusal the person should understand: rendered as a page with this status, heading and message. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly heading: string,
    message: string,
  ) {
    super(message);
  }
}

export const forbidden = (message: string): HttpError => new HttpError(403, 'Not allowed', message);
export const notFound = (message: string): HttpError => new HttpError(404, 'Not found', message);
export const badRequest = (heading: string, message: string): HttpError => new HttpError(400, heading, message);
export const unavailable = (message: string): HttpError => new HttpError(503, 'Not available here', message);
