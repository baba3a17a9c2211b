// Query hooks of the analytics pages (GET /analytics/team, /analytics/me).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import { periodKey, periodQuery, type PeriodSelection } from '@/lib/period';

export function useTeamAnalytics(period: PeriodSelection, engineerId: string | null, enabled = true) {
  return useQuery({
    queryKey: ['analytics', 'team', periodKey(period), engineerId],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/analytics/team', {
          params: { query: { ...periodQuery(period), ...(engineerId ? { engineer_id: engineerId } : {}) } },
        }),
      ),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useMyAnalytics(period: PeriodSelection) {
  return useQuery({
    queryKey: ['analytics', 'me', periodKey(period)],
    queryFn: () => unwrap(api.GET('/api/v1/analytics/me', { params: { query: periodQuery(period) } })),
    placeholderData: keepPreviousData,
  });
}
