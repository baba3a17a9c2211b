// The one typed client of the public REST API (openapi-fetch over the generated paths): the
// bearer token on every request, a 401 ends the session, errors carry the API's message.
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';
import type { ErrorEnvelope } from './types';
import { expireSession, getToken } from '../auth';

/** An error answer of the API (or a network failure, status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

const auth: Middleware = {
  onRequest({ request }) {
    const token = getToken();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401) expireSession();
    return response;
  },
};

function origin(): string {
  return typeof window !== 'undefined' && window.location ? window.location.origin : 'http://localhost';
}

// `fetch` is looked up at each call (tests replace it).
export const api = createClient<paths>({ baseUrl: origin(), fetch: (req: Request) => globalThis.fetch(req) });
api.use(auth);

function isEnvelope(v: unknown): v is ErrorEnvelope {
  return typeof v === 'object' && v !== null && 'error' in v && typeof (v as ErrorEnvelope).error?.message === 'string';
}

/** The data of an openapi-fetch result, or the API's error thrown as an `ApiError`. */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch {
    throw new ApiError(0, 'NETWORK', 'The service cannot be reached. Check your connection and retry.');
  }
  const { data, error, response } = result;
  if (error !== undefined || !response.ok) {
    if (isEnvelope(error)) throw new ApiError(response.status, error.error.code, error.error.message);
    throw new ApiError(response.status, 'UNKNOWN', `The service answered ${response.status}.`);
  }
  return data as T;
}
