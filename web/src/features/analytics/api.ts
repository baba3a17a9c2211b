// Query hooks of the analytics pages (GET /analytics/team, /analytics/me), and their query
// options, which the app also uses to start a page's request before React renders.
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import { periodKey, periodQuery, type PeriodSelection } from '@/lib/period';

export function teamAnalyticsQuery(period: PeriodSelection, engineerId: string | null) {
  return queryOptions({
    queryKey: ['analytics', 'team', periodKey(period), engineerId],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/analytics/team', {
          params: { query: { ...periodQuery(period), ...(engineerId ? { engineer_id: engineerId } : {}) } },
        }),
      ),
  });
}

export function myAnalyticsQuery(period: PeriodSelection) {
  return queryOptions({
    queryKey: ['analytics', 'me', periodKey(period)],
    queryFn: () => unwrap(api.GET('/api/v1/analytics/me', { params: { query: periodQuery(period) } })),
  });
}

export function useTeamAnalytics(period: PeriodSelection, engineerId: string | null, enabled = true) {
  return useQuery({ ...teamAnalyticsQuery(period, engineerId), placeholderData: keepPreviousData, enabled });
}

export function useMyAnalytics(period: PeriodSelection) {
  return useQuery({ ...myAnalyticsQuery(period), placeholderData: keepPreviousData });
}
