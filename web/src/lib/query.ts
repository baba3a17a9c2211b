import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api/client';

/** Retries only what may pass on a second try (network, 5xx); never 4xx. */
export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (count, err) => count < 1 && (!(err instanceof ApiError) || err.status === 0 || err.status >= 500),
      },
    },
  });
}
