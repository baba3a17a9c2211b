// Who is signed in and what their role allows (GET /me): the console never re-implements the
// role rules, it reads `can`.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from './api/client';
import type { Me } from './api/types';

export const meQueryKey = ['me'] as const;

export function fetchMe(): Promise<Me> {
  return unwrap(api.GET('/api/v1/me'));
}

export const meQuery = queryOptions({ queryKey: meQueryKey, queryFn: fetchMe, staleTime: 5 * 60_000 });

export function useMe() {
  return useQuery(meQuery);
}
