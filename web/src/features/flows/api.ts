// Query hooks of the flow pages (GET /trees, /trees/{id}, /analytics/flows/{id},
// /trees/{id}/ratings; POST /sessions).
import { keepPreviousData, queryOptions, useMutation, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import type { GetQuery } from '@/lib/api/types';
import { periodKey, periodQuery, type PeriodSelection } from '@/lib/period';

export type TreesQuery = GetQuery<'/api/v1/trees'>;
export type RatingsQuery = GetQuery<'/api/v1/trees/{tree_id}/ratings'>;

export function useTrees(query: TreesQuery) {
  return useQuery({
    queryKey: ['trees', query],
    queryFn: () => unwrap(api.GET('/api/v1/trees', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function treeQuery(id: string) {
  return queryOptions({
    queryKey: ['tree', id],
    queryFn: () => unwrap(api.GET('/api/v1/trees/{tree_id}', { params: { path: { tree_id: id } } })),
  });
}

export function flowAnalyticsQuery(id: string, period: PeriodSelection) {
  return queryOptions({
    queryKey: ['analytics', 'flow', id, periodKey(period)],
    queryFn: () =>
      unwrap(api.GET('/api/v1/analytics/flows/{tree_id}', { params: { path: { tree_id: id }, query: periodQuery(period) } })),
  });
}

export function useTree(id: string) {
  return useQuery(treeQuery(id));
}

export function useFlowAnalytics(id: string, period: PeriodSelection) {
  return useQuery({ ...flowAnalyticsQuery(id, period), placeholderData: keepPreviousData });
}

export function useFlowRatings(id: string, query: RatingsQuery) {
  return useQuery({
    queryKey: ['ratings', id, query],
    queryFn: () => unwrap(api.GET('/api/v1/trees/{tree_id}/ratings', { params: { path: { tree_id: id }, query } })),
    placeholderData: keepPreviousData,
  });
}

export function useStartSession() {
  return useMutation({
    mutationFn: (treeId: string) => unwrap(api.POST('/api/v1/sessions', { body: { tree_id: treeId } })),
  });
}
